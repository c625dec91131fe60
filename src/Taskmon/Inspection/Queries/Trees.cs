namespace Taskmon.Inspection;

/// <summary>Groups tasks into top-level chains by parent, depth-first; a task whose parent is gone is a root.</summary>
internal static class Trees
{
    public static List<(T Item, int Depth)> Flatten<T>(List<T> sorted, Func<T, long> idOf, Func<T, long> parentOf, Comparison<T> comparison)
    {
        var byId = new Dictionary<long, T>(sorted.Count);
        foreach (var task in sorted)
        {
            byId[idOf(task)] = task;
        }

        var children = new Dictionary<long, List<T>>();
        var roots = new List<T>();
        foreach (var task in sorted)
        {
            var parent = parentOf(task);
            if (parent != 0 && parent != idOf(task) && byId.ContainsKey(parent))
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(task);
            }
            else
            {
                roots.Add(task);
            }
        }

        var result = new List<(T, int)>(sorted.Count);
        var visited = new HashSet<long>();
        var stack = new Stack<(T Task, int Depth)>();
        for (var i = roots.Count - 1; i >= 0; i--)
        {
            stack.Push((roots[i], 0));
        }

        while (stack.Count > 0)
        {
            var (task, depth) = stack.Pop();
            if (!visited.Add(idOf(task)))
            {
                continue;
            }

            result.Add((task, depth));
            if (children.TryGetValue(idOf(task), out var list))
            {
                list.Sort(comparison);
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    stack.Push((list[i], depth + 1));
                }
            }
        }

        return result;
    }
}
