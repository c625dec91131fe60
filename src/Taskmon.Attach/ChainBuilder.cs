using System.Text;

namespace Taskmon.Attach;

/// <summary>
/// Turns the await graph into chains: a chain starts at a pending node nobody waits for (the root: the outermost
/// async method) and goes down to what is awaited last (a semaphore, a delay, a promise). Chains that read the same
/// (methods, states, awaited things) are one group with a count, most frequent first.
/// </summary>
internal static class ChainBuilder
{
    private const int MaxDepth = 64;

    public static List<ChainGroup> Build(IEnumerable<PendingNode> nodes)
    {
        var groups = new Dictionary<string, (PendingNode Sample, List<ulong> Roots)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.AwaitedBy.Count > 0 || !Interesting(node, 0))
            {
                continue;
            }
            var key = Signature(node, new StringBuilder(), 0).ToString();
            if (!groups.TryGetValue(key, out var group))
            {
                group = (node, []);
                groups[key] = group;
            }
            group.Roots.Add(node.Address);
        }
        var id = 0;
        return groups.Values
            .Select(g => (g.Sample, g.Roots, Summary: Summary(g.Sample)))
            .OrderByDescending(g => g.Roots.Count).ThenBy(g => g.Summary, StringComparer.Ordinal)
            .Select(g => new ChainGroup(++id, g.Roots.Count, g.Sample, g.Summary, g.Roots))
            .ToList();
    }

    /// <summary><c>Stuck.OuterAsync &lt;- Stuck.MiddleAsync &lt;- SemaphoreSlim.WaitAsync</c>; branches in brackets.</summary>
    public static string Summary(PendingNode root)
    {
        var sb = new StringBuilder();
        if (root.BlockedThreadWaits)
        {
            sb.Append("[thread blocked on it] ");
        }
        AppendSummary(root, sb, 0);
        return sb.ToString();
    }

    private static void AppendSummary(PendingNode node, StringBuilder sb, int depth)
    {
        sb.Append(node.Name);
        if (depth >= MaxDepth)
        {
            sb.Append(" <- …");
            return;
        }
        switch (node.Awaits.Count)
        {
            case 0 when node.AwaiterHint is { } hint:
                sb.Append(" <- ").Append(hint);
                break;
            case 1:
                sb.Append(" <- ");
                AppendSummary(node.Awaits[0], sb, depth + 1);
                break;
            case > 1:
                sb.Append(" <- [");
                for (var i = 0; i < node.Awaits.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ", ");
                    AppendSummary(node.Awaits[i], sb, depth + 1);
                }
                sb.Append(']');
                break;
        }
    }

    /// <summary>A chain is shown when an async method is in it or a thread blocks on it.</summary>
    private static bool Interesting(PendingNode node, int depth) =>
        node.Kind == NodeKind.AsyncMethod || node.BlockedThreadWaits
        || (depth < MaxDepth && node.Awaits.Any(child => Interesting(child, depth + 1)));

    private static StringBuilder Signature(PendingNode node, StringBuilder sb, int depth)
    {
        sb.Append(node.Name).Append('@').Append(node.State ?? -9).Append(node.BlockedThreadWaits ? "!" : string.Empty).Append(node.AwaiterHint);
        if (depth < MaxDepth && node.Awaits.Count > 0)
        {
            sb.Append('[');
            foreach (var child in node.Awaits)
            {
                Signature(child, sb, depth + 1).Append(';');
            }
            sb.Append(']');
        }
        return sb;
    }
}
