namespace Taskmon.Attach;

/// <summary>A chain's nodes in reading order: the root, then what it awaits, depth first (branches of WhenAll indented).</summary>
internal static class ChainFrames
{
    private const int MaxDepth = 64;

    public static List<(int Depth, PendingNode Node)> Of(PendingNode root)
    {
        var result = new List<(int, PendingNode)>();
        var seen = new HashSet<PendingNode>();
        Walk(root, 0, result, seen);
        return result;
    }

    private static void Walk(PendingNode node, int depth, List<(int, PendingNode)> result, HashSet<PendingNode> seen)
    {
        if (!seen.Add(node) || depth > MaxDepth)
        {
            return;
        }
        result.Add((depth, node));
        foreach (var child in node.Awaits)
        {
            Walk(child, depth + 1, result, seen);
        }
    }
}
