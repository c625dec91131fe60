using System.Globalization;
using System.Text;

namespace Taskmon.Attach;

/// <summary>Text output of the snapshot commands; every string from the target was cleaned when it was read.</summary>
internal static class SnapshotText
{
    public static string Header(Snapshot s) =>
        string.Create(CultureInfo.InvariantCulture,
            $"process {s.Pid} ({s.ProcessName}), .NET {s.RuntimeVersion}: {s.Chains.Sum(c => c.Count)} pending async chains in {s.Chains.Count} groups, {s.PendingTasks} pending tasks; read in {s.Elapsed.TotalMilliseconds:0} ms{(s.ViaDump ? " through a dump (deleted)" : string.Empty)}, paused {s.Paused.TotalMilliseconds:0} ms\n");

    public static string Ps(Snapshot snapshot, IReadOnlyList<ChainGroup> chains)
    {
        var sb = new StringBuilder(Header(snapshot));
        if (chains.Count == 0)
        {
            return sb.Append("no pending async chains\n").ToString();
        }
        sb.Append("  ID   COUNT  CHAIN (root first; A <- B: A awaits B)\n");
        foreach (var chain in chains)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{chain.Id,4}  {"x" + chain.Count.ToString(CultureInfo.InvariantCulture),6}  {chain.Summary}\n");
        }
        return sb.ToString();
    }

    public static string Where(IReadOnlyList<ChainGroup> chains)
    {
        var sb = new StringBuilder();
        foreach (var chain in chains)
        {
            sb.Append(CultureInfo.InvariantCulture, $"chain {chain.Id} x{chain.Count}{(chain.SyncOverAsync ? ", a thread blocks on it (sync-over-async)" : string.Empty)}\n");
            foreach (var (depth, node) in ChainFrames.Of(chain.Sample))
            {
                sb.Append(' ', 2 + (depth * 2)).Append(depth == 0 ? string.Empty : "awaits ").Append(node.Name);
                if (node.State is >= 0 and var state)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  (await #{state})");
                }
                else if (node.State == -1)
                {
                    sb.Append("  (running)");
                }
                if (node.File is { } file)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  at {Path.GetFileName(file)}:{node.Line}");
                }
                if (node.Awaits.Count == 0 && node.AwaiterHint is { } hint)
                {
                    sb.Append("  on ").Append(hint);
                }
                sb.Append('\n');
            }
            var shown = chain.Roots.Take(8).Select(static a => "0x" + a.ToString("x", CultureInfo.InvariantCulture));
            sb.Append("  root objects: ").Append(string.Join(' ', shown)).Append(chain.Roots.Count > 8 ? " …" : string.Empty).Append('\n');
        }
        return sb.Length == 0 ? "no pending async chains\n" : sb.ToString();
    }

    public static string Threads(Snapshot snapshot)
    {
        var sb = new StringBuilder();
        foreach (var thread in snapshot.Threads ?? [])
        {
            sb.Append(CultureInfo.InvariantCulture, $"thread {thread.ManagedId} (os {thread.OsId})");
            if (thread.SyncOverAsync)
            {
                sb.Append(" SYNC-OVER-ASYNC: blocked waiting for a task");
                if (thread.BlockedOnChain is { } chain)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" (chain {chain})");
                }
            }
            sb.Append('\n');
            foreach (var frame in thread.Frames)
            {
                sb.Append("    ").Append(frame.Method);
                if (frame.File is { } file)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  at {Path.GetFileName(file)}:{frame.Line}");
                }
                sb.Append('\n');
            }
        }
        return sb.Length == 0 ? "no managed threads\n" : sb.ToString();
    }
}
