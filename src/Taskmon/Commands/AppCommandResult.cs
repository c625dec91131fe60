namespace Taskmon.Commands;

/// <summary>The text output of a command the application registered.</summary>
internal sealed record AppCommandResult(string Command, bool Ok, string Output) : CommandResult
{
    public override bool Success => Ok;
}
