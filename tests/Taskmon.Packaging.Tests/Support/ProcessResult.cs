namespace Taskmon.Packaging.Tests.Support;

/// <summary>What a finished (or killed) child process printed.</summary>
public sealed record ProcessResult(int ExitCode, string Output, bool TimedOut)
{
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}:\n{Output}";
}
