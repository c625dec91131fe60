namespace Taskmon.Commands;

/// <summary>Help text: the command list, or one command's usage.</summary>
internal sealed record HelpResult(string Text) : CommandResult;
