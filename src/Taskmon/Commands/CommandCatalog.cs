using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Taskmon.Commands;

/// <summary>
/// The command tree of a monitor shell: parses a line, runs the matching command, builds help
/// and TAB completions from the same System.CommandLine definitions. Never throws for any input.
/// </summary>
internal sealed class CommandCatalog
{
    /// <summary>Longest command line parsed; longer input is refused before parsing.</summary>
    public const int MaxLine = 4096;

    private readonly RootCommand _root = new("Taskmon: inspect the running tasks of this process.");
    private readonly Dictionary<Command, IMonitorCommand> _handlers = [];
    private readonly List<IMonitorCommand> _commands = [];

    public CommandCatalog(IEnumerable<IMonitorCommand> commands)
    {
        foreach (var option in _root.Options.Where(o => o is VersionOption).ToList())
        {
            _root.Options.Remove(option);
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            var names = command.Definition.Aliases.Append(command.Definition.Name).ToList();
            if (names.Any(taken.Contains))
            {
                continue; // first registration wins; an app command cannot shadow a built-in one
            }
            taken.UnionWith(names);
            _root.Subcommands.Add(command.Definition);
            _handlers[command.Definition] = command;
            _commands.Add(command);
        }
    }

    public IReadOnlyList<IMonitorCommand> Commands => _commands;

    public async ValueTask<CommandOutcome> ExecuteAsync(string line, CommandContext context, CancellationToken cancellationToken)
    {
        var (handler, parse, early) = Resolve(line);
        if (handler is null || parse is null)
        {
            return early!.Value;
        }

        var command = parse.CommandResult.Command;
        try
        {
            var result = await handler.ExecuteAsync(parse, context, cancellationToken).ConfigureAwait(false);
            return new(result, result.Success ? ExitStatus.Success : ExitStatus.Failed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A bug in a command (or an app command that throws) must not end the session.
            return new(MessageResult.Error($"{command.Name} failed: {e.GetType().Name}: {e.Message}"), ExitStatus.Failed);
        }
    }

    /// <summary>
    /// Parses a line and finds its handler; when the line cannot run (unknown command, usage error,
    /// --help) returns the outcome to show instead. Pure: runs no command.
    /// </summary>
    internal (IMonitorCommand? Handler, ParseResult? Parse, CommandOutcome? Early) Resolve(string line)
    {
        if (line.Length > MaxLine)
        {
            return (null, null, new(MessageResult.Error($"Line too long (at most {MaxLine} characters)"), ExitStatus.Usage));
        }

        ParseResult parse;
        try
        {
            parse = _root.Parse(line);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, null, new(MessageResult.Error($"Cannot parse the line: {e.Message}"), ExitStatus.Usage));
        }

        var command = parse.CommandResult.Command;
        if (command == _root || !_handlers.TryGetValue(command, out var handler))
        {
            var word = parse.Tokens.Count > 0 ? parse.Tokens[0].Value : line.Trim();
            return (null, null, new(MessageResult.Error($"Unknown command '{Shorten(word)}'. Type help to list the commands."), ExitStatus.Usage));
        }

        if (parse.Action is HelpAction)
        {
            return (null, null, new(new HelpResult(HelpFor(parse)), ExitStatus.Success));
        }

        if (parse.Errors.Count > 0)
        {
            return (null, null, new(MessageResult.Error($"{parse.Errors[0].Message} (see {command.Name} --help)"), ExitStatus.Usage));
        }

        return (handler, parse, null);
    }

    /// <summary>Help text for one command by name or alias, or null when there is none.</summary>
    public string? HelpFor(string name)
    {
        var command = _root.Subcommands.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name));
        return command is null ? null : HelpFor(_root.Parse($"{command.Name} --help"));
    }

    /// <summary>The list of commands with their aliases and descriptions.</summary>
    public string Overview()
    {
        var rows = _root.Subcommands
            .Where(c => !c.Hidden)
            .Select(c => (Name: c.Aliases.Count == 0 ? c.Name : $"{c.Name} ({string.Join(", ", c.Aliases.Order(StringComparer.Ordinal))})", c.Description ?? ""))
            .ToList();
        var width = rows.Max(r => r.Name.Length);
        var text = new StringBuilder("Commands:\n");
        foreach (var (name, description) in rows)
        {
            text.Append("  ").Append(name.PadRight(width + 2)).Append(description).Append('\n');
        }
        text.Append("\nType COMMAND --help for its options. TAB completes; an empty line repeats the last command.");
        return text.ToString();
    }

    /// <summary>
    /// Candidates to complete the word that ends at <paramref name="cursor"/>: the index where that
    /// word starts and the full words that may replace it, sorted, long option forms preferred.
    /// </summary>
    public Completion Complete(string line, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, line.Length);
        var start = line.LastIndexOf(' ', Math.Max(cursor - 1, 0)) + 1;
        if (cursor == 0)
        {
            start = 0;
        }
        var word = line[start..cursor];
        if (line.Length > MaxLine)
        {
            return new(start, []);
        }

        try
        {
            var text = line[..cursor];
            var parse = _root.Parse(text);
            var labels = parse.GetCompletions(cursor)
                .Select(c => c.Label)
                .Where(l => l.StartsWith(word, StringComparison.Ordinal) && Shown(l, word))
                .Distinct(StringComparer.Ordinal)
                .ToList();

            var atCommand = !text[..start].Trim().Contains(' ', StringComparison.Ordinal) && text[..start].Trim().Length == 0;
            if (atCommand)
            {
                // Offer command names, and an alias only when no name matches.
                var names = labels.Where(l => _root.Subcommands.Any(c => c.Name == l)).ToList();
                if (names.Count > 0)
                {
                    labels = names;
                }
            }
            else if (!word.StartsWith('-') || word.StartsWith("--", StringComparison.Ordinal))
            {
                var longForms = labels.Where(l => !l.StartsWith('-') || l.StartsWith("--", StringComparison.Ordinal)).ToList();
                labels = longForms;
            }

            return new(start, labels.Order(StringComparer.Ordinal).ToList());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new(start, []);
        }
    }

    private static bool Shown(string label, string word) =>
        label.Length > 0 && label[0] != '/' && label != "-?" && !(label == "-h" && word != "-h");

    private string HelpFor(ParseResult parse)
    {
        var output = new StringWriter();
        parse.Invoke(new InvocationConfiguration { Output = output, Error = output });
        // The root's name is the host process; in the shell, commands are typed without it.
        return output.ToString().Replace($"  {_root.Name} ", "  ", StringComparison.Ordinal).TrimEnd();
    }

    private static string Shorten(string word) => word.Length > 40 ? word[..40] + "…" : word;
}
