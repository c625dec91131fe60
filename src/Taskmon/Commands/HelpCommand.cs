using System.CommandLine;

namespace Taskmon.Commands;

/// <summary><c>help [COMMAND]</c> (<c>?</c>, <c>h</c>): the command list or one command's usage.</summary>
internal sealed class HelpCommand : IMonitorCommand
{
    private readonly Argument<string?> _name = new("command") { Description = "Command to describe", Arity = ArgumentArity.ZeroOrOne };
    private readonly Func<CommandCatalog> _catalog;

    public HelpCommand(Func<CommandCatalog> catalog)
    {
        _catalog = catalog;
        Definition = new Command("help", "List the commands, or show one command's usage") { _name };
        Definition.Aliases.Add("?");
        Definition.Aliases.Add("h");
        _name.CompletionSources.Add(_ => _catalog().Commands.Select(c => new System.CommandLine.Completions.CompletionItem(c.Definition.Name)));
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var name = parse.GetValue(_name);
        var catalog = _catalog();
        if (string.IsNullOrWhiteSpace(name))
        {
            return ValueTask.FromResult<CommandResult>(new HelpResult(catalog.Overview()));
        }
        var text = catalog.HelpFor(name);
        return ValueTask.FromResult<CommandResult>(text is null
            ? MessageResult.Error($"No command '{name}'. Type help to list the commands.")
            : new HelpResult(text));
    }
}
