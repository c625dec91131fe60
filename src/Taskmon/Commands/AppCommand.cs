using System.CommandLine;
using Taskmon.Terminal;

namespace Taskmon.Commands;

/// <summary>Adapts an application's <see cref="TaskmonCommand"/> to the shell.</summary>
internal sealed class AppCommand : IMonitorCommand
{
    private readonly TaskmonCommand _command;
    private readonly Argument<string[]> _words = new("args") { Arity = ArgumentArity.ZeroOrMore, Description = "Arguments" };

    public AppCommand(TaskmonCommand command)
    {
        _command = command;
        Definition = new Command(command.Name, command.Description) { _words };
        Definition.TreatUnmatchedTokensAsErrors = false;
        foreach (var alias in command.Aliases)
        {
            Definition.Aliases.Add(alias);
        }
    }

    public Command Definition { get; }

    public async ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var words = (parse.GetValue(_words) ?? []).Concat(parse.UnmatchedTokens).ToList();
        try
        {
            var output = await _command.Handler(words, cancellationToken).ConfigureAwait(false);
            return new AppCommandResult(_command.Name, true, output ?? "");
        }
        catch (TaskmonCommandException e)
        {
            return new AppCommandResult(_command.Name, false, e.Message);
        }
    }
}
