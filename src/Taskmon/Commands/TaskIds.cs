using System.CommandLine;
using System.CommandLine.Completions;
using System.Globalization;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary>Arguments naming a live task or a terminated trace, with TAB completion from the monitor.</summary>
internal static class TaskIds
{
    private const int Candidates = 2000;

    public static Argument<long> LiveTask(TaskMonitor monitor, string description)
    {
        var argument = new Argument<long>("id") { Description = description };
        argument.CompletionSources.Add(context => Safe(() => monitor
            .GetTasks(new TaskQuery { Limit = Candidates })
            .Items.Select(i => new CompletionItem(i.Task.Id.ToString(CultureInfo.InvariantCulture), detail: i.Task.Name))));
        return argument;
    }

    public static Argument<string> Trace(TaskMonitor monitor)
    {
        var argument = new Argument<string>("trace-id") { Description = "Trace id from ps-terminated (t…)" };
        argument.CompletionSources.Add(context => Safe(() => monitor
            .GetTerminated(new TerminatedQuery { Limit = Candidates })
            .Items.Select(t => new CompletionItem(t.TraceId, detail: t.Name))));
        return argument;
    }

    /// <summary>Completion must never throw into the session: no candidates instead.</summary>
    private static IEnumerable<CompletionItem> Safe(Func<IEnumerable<CompletionItem>> items)
    {
        try
        {
            return items().ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
    }
}
