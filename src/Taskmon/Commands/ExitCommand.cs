using System.CommandLine;

namespace Taskmon.Commands;

/// <summary><c>exit</c> (<c>q</c>, <c>quit</c>): ends the session.</summary>
internal sealed class ExitCommand : IMonitorCommand
{
    public ExitCommand()
    {
        Definition = new Command("exit", "End this session (Ctrl-D does the same)");
        Definition.Aliases.Add("q");
        Definition.Aliases.Add("quit");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<CommandResult>(new ExitResult());
}
