namespace Taskmon.Commands;

/// <summary>A command line's result and its exit status.</summary>
internal readonly record struct CommandOutcome(CommandResult Result, ExitStatus Status);
