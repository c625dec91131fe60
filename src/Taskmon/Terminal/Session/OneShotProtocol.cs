using System.Text.Json;
using Taskmon.Commands;
using Taskmon.Json;

namespace Taskmon.Terminal;

/// <summary>
/// The one-command protocol the <c>taskmon</c> client speaks as a plain line client:
/// <code>
/// client: [@taskmon token TOKEN\n]@taskmon exec json|text COMMAND LINE\n
/// server: \n@taskmon begin\n RESULT @taskmon status N\n          (then closes)
///     or: \n@taskmon error CODE MESSAGE\n                           (then closes)
/// </code>
/// Errors carry a code a program can act on (<see cref="Errors"/>); the message is for people.
/// </summary>
internal static class OneShotProtocol
{
    public const string ExecPrefix = "@taskmon exec ";
    public const string TokenPrefix = "@taskmon token ";

    /// <summary>The error codes of <c>@taskmon error CODE MESSAGE</c>.</summary>
    public static class Errors
    {
        /// <summary>The server has a token and the request came without one.</summary>
        public const string TokenRequired = "token-required";

        /// <summary>The token sent does not match.</summary>
        public const string TokenInvalid = "token-invalid";

        /// <summary>The request line is not <c>@taskmon exec json|text LINE</c>.</summary>
        public const string BadRequest = "bad-request";
    }

    public static bool IsExec(string line) => line.StartsWith(ExecPrefix, StringComparison.Ordinal);

    public static bool IsToken(string line) => line.StartsWith(TokenPrefix, StringComparison.Ordinal);

    public static string TokenOf(string line) => line[TokenPrefix.Length..];

    public static void WriteError(SessionConnection connection, string code, string message) =>
        connection.WriteRaw($"\n@taskmon error {code} {message}\n");

    /// <summary>Runs the command of an exec line and writes its result and status.</summary>
    public static async Task RunAsync(string line, SessionHost host, CommandContext context, SessionConnection connection, CancellationToken cancellationToken)
    {
        var request = line[ExecPrefix.Length..];
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        var format = space < 0 ? request : request[..space];
        var commandLine = space < 0 ? "" : request[(space + 1)..];
        if (format is not ("json" or "text"))
        {
            WriteError(connection, Errors.BadRequest, $"unknown format '{SafeText.Line(format)}' (json or text)");
            return;
        }

        connection.WriteRaw("\n@taskmon begin\n");
        if (format == "text")
        {
            // A command may show part of its result early (top --batch): it goes out as RESULT's beginning.
            context = context with { Stream = (part, ct) => connection.WriteStreamingAsync(TextRenderer.Render(part, connection.Width), ct) };
        }

        var outcome = await host.Catalog.ExecuteAsync(commandLine, context, cancellationToken).ConfigureAwait(false);
        var text = format == "json"
            ? JsonSerializer.Serialize(outcome.Result, TaskmonJsonContext.Default.CommandResult) + "\n"
            : TextRenderer.Render(outcome.Result, connection.Width);
        await connection.WriteStreamingAsync(text, cancellationToken).ConfigureAwait(false);
        connection.WriteRaw($"@taskmon status {(int)outcome.Status}\n");
    }
}
