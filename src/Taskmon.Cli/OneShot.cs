using System.Net.Sockets;
using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Cli;

/// <summary>
/// Runs one command: sends <c>[@taskmon token T]</c> and <c>@taskmon exec json|text LINE</c> as a plain
/// line client, prints what the server sends between <c>@taskmon begin</c> and <c>@taskmon status N</c>,
/// returns N. A refusal arrives as <c>@taskmon error CODE MESSAGE</c> (docs/terminal.md).
/// </summary>
internal static class OneShot
{
    private const string Begin = "@taskmon begin\n";
    private const string Status = "@taskmon status ";
    private const string Error = "@taskmon error ";
    private const int MaxResponse = 64 * 1024 * 1024;

    public static async Task<ExitCode> RunAsync(ClientOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        using var socket = await Connector.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = new StringBuilder();
        if (options.Token is { } token)
        {
            request.Append("@taskmon token ").Append(token).Append('\n');
        }
        request.Append("@taskmon exec ").Append(options.Json ? "json " : "text ").Append(options.Command).Append('\n');
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken).ConfigureAwait(false);

        var text = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
        return Interpret(text, output);
    }

    internal static ExitCode Interpret(string text, TextWriter output)
    {
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        if (begin < 0)
        {
            var error = text.IndexOf("\n" + Error, StringComparison.Ordinal);
            if (error >= 0)
            {
                var rest = FirstLine(text[(error + 1 + Error.Length)..]);
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                var reason = space < 0 ? rest : rest[..space];
                throw reason switch
                {
                    "token-required" => new ClientException(ExitCode.AccessDenied, "the server asks for a token (--token or TASKMON_TOKEN)"),
                    "token-invalid" => new ClientException(ExitCode.AccessDenied, "the server refused the token (--token or TASKMON_TOKEN)"),
                    _ => new ClientException(ExitCode.ProtocolError, "the server refused the request: " + SafeText.Line(rest)),
                };
            }
            throw new ClientException(ExitCode.ProtocolError, "the server closed the connection before answering: " + SafeText.Line(FirstLine(text)));
        }
        var body = text[(begin + Begin.Length)..];
        var status = body.LastIndexOf(Status, StringComparison.Ordinal);
        if (status < 0)
        {
            output.Write(SafeText.Block(body));
            throw new ClientException(ExitCode.ProtocolError, "the connection closed before the command finished");
        }
        // The server cleans what it renders; an older or hostile one must not reach the terminal either.
        output.Write(SafeText.Block(body[..status]));
        var code = body[(status + Status.Length)..].Trim();
        return int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 2
            ? (ExitCode)n
            : throw new ClientException(ExitCode.ProtocolError, $"unexpected status '{FirstLine(code)}'");
    }

    private static async Task<string> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        var data = new TelnetStripper();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            data.Feed(buffer.AsSpan(0, n));
            if (data.Length > MaxResponse)
            {
                throw new ClientException(ExitCode.ProtocolError, "response too large");
            }
        }
        return data.Text;
    }

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.Length > 100 ? line[..100] + "…" : line.Length == 0 ? "(nothing)" : line;
    }
}
