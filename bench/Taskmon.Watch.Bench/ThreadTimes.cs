using System.Globalization;

/// <summary>
/// Where a phase's CPU went, by thread name (Linux: /proc/self/task, run time in nanoseconds from schedstat): the
/// producer ("taskmon watch"), the thread pool (the watchers' frames and the churn's task continuations), the
/// churn driver, the GC. Threads that ended during the phase are missing; the process total stays the reference.
/// </summary>
internal static class ThreadTimes
{
    public static Dictionary<int, (string Name, long Nanoseconds)> Take()
    {
        var result = new Dictionary<int, (string, long)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                var ns = long.Parse(File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                result[tid] = (name, ns);
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return result;
    }

    /// <summary>"name 0.12%, ..." per thread name, largest first, as % of one core over <paramref name="seconds"/>.</summary>
    public static string Describe(Dictionary<int, (string Name, long Nanoseconds)> before, Dictionary<int, (string Name, long Nanoseconds)> after, double seconds)
    {
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (tid, (name, ns)) in after)
        {
            var start = before.TryGetValue(tid, out var b) && b.Name == name ? b.Nanoseconds : 0;
            var key = name.StartsWith(".NET TP", StringComparison.Ordinal) ? "thread pool" : name;
            byName[key] = byName.GetValueOrDefault(key) + (ns - start);
        }

        return string.Join(", ", byName.Where(p => p.Value > 0).OrderByDescending(p => p.Value)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value / 1e9 / seconds * 100:0.00}%")));
    }
}
