namespace Taskmon.Commands;

/// <summary>The session should end.</summary>
internal sealed record ExitResult : CommandResult;
