namespace Taskmon.Cli;

/// <summary>An expected failure: its message is printed on one line and the process exits with its code.</summary>
internal sealed class ClientException(ExitCode code, string message) : Exception(message)
{
    public ExitCode Code { get; } = code;
}
