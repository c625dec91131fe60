using System.CommandLine;
using System.Runtime.InteropServices;

namespace Taskmon.Commands;

/// <summary><c>signal NAME</c>: sends a POSIX signal from a fixed list to this process.</summary>
internal sealed partial class SignalCommand : IMonitorCommand
{
    private static readonly string[] Names = ["HUP", "INT", "QUIT", "TERM", "USR1", "USR2", "CONT", "WINCH"];
    private readonly Argument<string> _name = new("name") { Description = "Signal name: " + string.Join(", ", Names) };

    public SignalCommand()
    {
        _name.CompletionSources.Add(Names);
        Definition = new Command("signal", "Send a POSIX signal to this process") { _name };
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var raw = (parse.GetValue(_name) ?? "").Trim().ToUpperInvariant();
        var name = raw.StartsWith("SIG", StringComparison.Ordinal) ? raw[3..] : raw;
        if (!Names.Contains(name))
        {
            return Result(MessageResult.Error($"Unknown signal '{Cut(raw)}'; one of: {string.Join(", ", Names)}"));
        }
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return Result(MessageResult.Error("Signals are not available on this platform"));
        }

        var number = Number(name, OperatingSystem.IsLinux());
        if (Kill(Environment.ProcessId, number) != 0)
        {
            return Result(MessageResult.Error($"kill(SIG{name}) failed: errno {Marshal.GetLastPInvokeError()}"));
        }
        return Result(MessageResult.Done($"Sent SIG{name} to process {Environment.ProcessId}"));
    }

    private static int Number(string name, bool linux) => name switch
    {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "TERM" => 15,
        "USR1" => linux ? 10 : 30,
        "USR2" => linux ? 12 : 31,
        "CONT" => linux ? 18 : 19,
        "WINCH" => 28,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string Cut(string text) => text.Length > 20 ? text[..20] + "…" : text;

    private static ValueTask<CommandResult> Result(CommandResult result) => ValueTask.FromResult(result);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
