using System.Net.Sockets;
using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Cli;

/// <summary>
/// Runs one command: sends <c>[@taskmon token T]</c> and <c>@taskmon exec json|text LINE</c> as a plain
/// line client, prints what the server sends between <c>@taskmon begin</c> and <c>@taskmon status N</c>
/// as it arrives (line by line: <c>top --batch</c> shows each snapshot when it is taken), returns N. A refusal
/// arrives as <c>@taskmon error CODE MESSAGE</c> (docs/terminal.md).
/// </summary>
internal static class OneShot
{
    private const string Begin = "@taskmon begin";
    private const string Status = "@taskmon status ";
    private const string Error = "@taskmon error ";

    // The longest line held before it is printed (a JSON result is one line), and of what comes before begin.
    private const int MaxLine = 64 * 1024 * 1024;
    private const int MaxPreamble = 4096;

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

        var response = new Response(output);
        var data = new TelnetStripper();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            data.Feed(buffer.AsSpan(0, n));
            response.Take(data.TakeLines());
            if (data.Length > MaxLine)
            {
                throw new ClientException(ExitCode.ProtocolError, "response too large");
            }
        }
        return response.End(data.Text);
    }

    private static ClientException Refusal(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var reason = space < 0 ? rest : rest[..space];
        return reason switch
        {
            "token-required" => new ClientException(ExitCode.AccessDenied, "the server asks for a token (--token or TASKMON_TOKEN)"),
            "token-invalid" => new ClientException(ExitCode.AccessDenied, "the server refused the token (--token or TASKMON_TOKEN)"),
            _ => new ClientException(ExitCode.ProtocolError, "the server refused the request: " + SafeText.Line(FirstLine(rest))),
        };
    }

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.Length > 100 ? line[..100] + "…" : line.Length == 0 ? "(nothing)" : line;
    }

    /// <summary>
    /// The server's answer, read line by line as it comes: lines before <c>@taskmon begin</c> are looked at only
    /// for a refusal; the result's lines are printed at once, cleaned (the server cleans what it renders; an older
    /// or hostile one must not reach the terminal either), except a <c>@taskmon status N</c> line, held until it is
    /// known to be the last.
    /// </summary>
    private sealed class Response(TextWriter output)
    {
        private readonly StringBuilder _preamble = new();
        private bool _begun;
        private string? _status;

        /// <summary>Complete lines, each ending with a line feed.</summary>
        public void Take(string lines)
        {
            var body = new StringBuilder();
            for (var start = 0; start < lines.Length;)
            {
                var end = lines.IndexOf('\n', start) + 1;
                var line = lines[start..end];
                start = end;
                if (!_begun)
                {
                    Preamble(line.TrimEnd('\n'));
                    continue;
                }

                body.Append(_status);
                _status = line.StartsWith(Status, StringComparison.Ordinal) ? line : null;
                if (_status is null)
                {
                    body.Append(line);
                }
            }

            if (body.Length > 0)
            {
                output.Write(SafeText.Block(body.ToString()));
            }
        }

        /// <summary>The connection closed; <paramref name="rest"/> is what came after the last line feed.</summary>
        public ExitCode End(string rest)
        {
            if (!_begun)
            {
                throw rest.StartsWith(Error, StringComparison.Ordinal)
                    ? Refusal(rest[Error.Length..])
                    : new ClientException(ExitCode.ProtocolError, "the server closed the connection before answering: " + SafeText.Line(FirstLine(_preamble + rest)));
            }

            if (_status is null || rest.Length > 0)
            {
                output.Write(SafeText.Block(_status + rest));
                throw new ClientException(ExitCode.ProtocolError, "the connection closed before the command finished");
            }

            var code = _status[Status.Length..].Trim();
            return int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 2
                ? (ExitCode)n
                : throw new ClientException(ExitCode.ProtocolError, $"unexpected status '{FirstLine(code)}'");
        }

        private void Preamble(string line)
        {
            if (line == Begin)
            {
                _begun = true;
            }
            else if (line.StartsWith(Error, StringComparison.Ordinal))
            {
                throw Refusal(line[Error.Length..]);
            }
            else if (_preamble.Length < MaxPreamble)
            {
                _preamble.Append(line).Append('\n');
            }
        }
    }
}
