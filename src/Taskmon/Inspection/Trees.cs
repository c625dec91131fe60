namespace Taskmon.Inspection;

/// <summary>Groups tasks into top-level chains by parent, depth-first; a task whose parent is gone is a root.</summary>
internal static class Trees
{
    public static List<TaskListItem> Flatten(List<LiveTask> sorted, Comparison<LiveTask> comparison)
    {
        var byId = new Dictionary<long, LiveTask>(sorted.Count);
        foreach (var task in sorted)
        {
            byId[task.Id] = task;
        }

        var children = new Dictionary<long, List<LiveTask>>();
        var roots = new List<LiveTask>();
        foreach (var task in sorted)
        {
            if (task.ParentId is { } parent && parent != task.Id && byId.ContainsKey(parent))
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

        var result = new List<TaskListItem>(sorted.Count);
        var visited = new HashSet<long>();
        var stack = new Stack<(LiveTask Task, int Depth)>();
        for (var i = roots.Count - 1; i >= 0; i--)
        {
            stack.Push((roots[i], 0));
        }

        while (stack.Count > 0)
        {
            var (task, depth) = stack.Pop();
            if (!visited.Add(task.Id))
            {
                continue;
            }

            result.Add(new TaskListItem(task, depth));
            if (children.TryGetValue(task.Id, out var list))
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
