using System.Globalization;

namespace Taskmon.Attach;

/// <summary>
/// The live terminal's commands that make sense on a snapshot: <c>ps</c>, <c>where ID</c>, <c>where --all</c>,
/// <c>threads</c>, <c>help</c>. Commands that need a monitor inside the app answer that a snapshot cannot do that.
/// </summary>
internal static class SnapshotCommands
{
    public const string Help =
        """
        Commands on a snapshot (taskmon --pid), each also with --json from the command line:
          ps [-f TEXT] [--limit N]   pending async chains, grouped, most frequent first (p)
          where ID | where --all     a chain's frames, root first, with await lines (w)
          threads                    every managed thread's stack; sync-over-async waits marked (stacktrace, st)
          refresh                    read the process again (interactive only)
          help                       this text (?, h)
          exit                       leave (q, quit)
        cancel, tracking, ps-terminated, where-terminated, threadpool and signal need Taskmon running inside the app.
        """;

    private static readonly HashSet<string> s_threadCommands = new(StringComparer.Ordinal) { "threads", "stacktrace", "st", "stack" };

    private static readonly HashSet<string> s_liveOnly = new(StringComparer.Ordinal)
    {
        "cancel", "ca", "tracking", "ps-terminated", "pst", "pt", "where-terminated", "wt", "threadpool", "tp", "signal",
    };

    /// <summary>Whether a command line needs the threads' stacks (the one-shot reader skips them otherwise).</summary>
    public static bool NeedsThreads(string line) => Split(line) is [var name, ..] && s_threadCommands.Contains(name);

    public static CommandResult Execute(Snapshot snapshot, string line, bool json)
    {
        var words = Split(line);
        if (words.Count == 0)
        {
            return CommandResult.Ok(string.Empty);
        }
        var name = words[0];
        var args = words.Skip(1).ToList();
        if (args.Contains("--help") || args.Contains("-h"))
        {
            return CommandResult.Ok(Help);
        }
        try
        {
            return name switch
            {
                "ps" or "p" => Ps(snapshot, args, json),
                "where" or "w" => Where(snapshot, args, json),
                _ when s_threadCommands.Contains(name) => Reply(0, json ? SnapshotJson.Threads(snapshot) : SnapshotText.Threads(snapshot)),
                "help" or "?" or "h" => Reply(0, json ? SnapshotJson.Message(Help) : Help),
                _ when s_liveOnly.Contains(name) => Error(1, $"{name}: a snapshot cannot do that; it needs Taskmon running inside the app (the library's terminal)", json),
                _ => Error(2, $"unknown command '{TerminalText.Clean(name)}' (try help)", json),
            };
        }
        catch (FormatException e)
        {
            return Error(2, e.Message, json);
        }
    }

    private static CommandResult Ps(Snapshot snapshot, List<string> args, bool json)
    {
        string? filter = null;
        var limit = int.MaxValue;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-f" or "--filter":
                    filter = Value(args, ref i);
                    break;
                case "--limit" or "-n":
                    limit = Number(Value(args, ref i), "--limit");
                    break;
                default:
                    throw new FormatException($"ps: unknown argument '{TerminalText.Clean(args[i])}' (ps [-f TEXT] [--limit N])");
            }
        }
        var chains = snapshot.Chains
            .Where(c => filter is null || c.Summary.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .Take(limit)
            .ToList();
        return Reply(0, json ? SnapshotJson.Ps(snapshot, chains) : SnapshotText.Ps(snapshot, chains));
    }

    private static CommandResult Where(Snapshot snapshot, List<string> args, bool json)
    {
        if (args.Count != 1)
        {
            throw new FormatException("where: give one chain ID (from ps) or --all");
        }
        List<ChainGroup> chains;
        if (args[0] is "--all" or "-a")
        {
            chains = [.. snapshot.Chains];
        }
        else
        {
            var id = Number(args[0], "where");
            if (snapshot.Chains.FirstOrDefault(c => c.Id == id) is not { } chain)
            {
                return Error(1, $"where: no chain {id} (ps lists them)", json);
            }
            chains = [chain];
        }
        return Reply(0, json ? SnapshotJson.Where(snapshot, chains) : SnapshotText.Where(chains));
    }

    private static CommandResult Reply(int status, string output) => new(status, output);

    private static CommandResult Error(int status, string message, bool json) =>
        new(status, json ? SnapshotJson.Error(message) : message + "\n");

    private static string Value(List<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");

    private static int Number(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{what}: '{TerminalText.Clean(text)}' is not a positive number");

    /// <summary>Splits a command line into words; double quotes group words, backslash escapes a quote.</summary>
    internal static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0 || any)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
            }
        }
        if (current.Length > 0 || any)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
