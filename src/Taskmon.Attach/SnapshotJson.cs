using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Taskmon.Attach;

/// <summary>JSON output of the snapshot commands (written by hand: no reflection, Native AOT safe).</summary>
internal static class SnapshotJson
{
    public static string Ps(Snapshot snapshot, IReadOnlyList<ChainGroup> chains) => Write(w =>
    {
        Process(w, snapshot);
        w.WriteStartArray("chains");
        foreach (var chain in chains)
        {
            w.WriteStartObject();
            ChainHead(w, chain);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string Where(Snapshot snapshot, IReadOnlyList<ChainGroup> chains) => Write(w =>
    {
        Process(w, snapshot);
        w.WriteStartArray("chains");
        foreach (var chain in chains)
        {
            w.WriteStartObject();
            ChainHead(w, chain);
            w.WriteStartArray("frames");
            foreach (var (depth, node) in ChainFrames.Of(chain.Sample))
            {
                w.WriteStartObject();
                w.WriteNumber("depth", depth);
                w.WriteString("kind", node.Kind switch { NodeKind.AsyncMethod => "async", NodeKind.Task => "task", _ => "source" });
                w.WriteString("name", node.Name);
                if (node.State is { } state)
                {
                    w.WriteNumber("state", state);
                }
                if (node.File is { } file)
                {
                    w.WriteString("file", file);
                    w.WriteNumber("line", node.Line);
                }
                if (node.Awaits.Count == 0 && node.AwaiterHint is { } hint)
                {
                    w.WriteString("awaiting", hint);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("roots");
            foreach (var root in chain.Roots)
            {
                w.WriteStringValue("0x" + root.ToString("x", CultureInfo.InvariantCulture));
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string Threads(Snapshot snapshot) => Write(w =>
    {
        Process(w, snapshot);
        w.WriteStartArray("threads");
        foreach (var thread in snapshot.Threads ?? [])
        {
            w.WriteStartObject();
            w.WriteNumber("managedId", thread.ManagedId);
            w.WriteNumber("osId", thread.OsId);
            w.WriteBoolean("syncOverAsync", thread.SyncOverAsync);
            if (thread.BlockedOnChain is { } chain)
            {
                w.WriteNumber("blockedOnChain", chain);
            }
            w.WriteStartArray("frames");
            foreach (var frame in thread.Frames)
            {
                w.WriteStartObject();
                w.WriteString("method", frame.Method);
                if (frame.File is { } file)
                {
                    w.WriteString("file", file);
                    w.WriteNumber("line", frame.Line);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string Message(string text) => Write(w => w.WriteString("text", text));

    public static string Error(string message) => Write(w => w.WriteString("error", message));

    private static void Process(Utf8JsonWriter w, Snapshot s)
    {
        w.WriteNumber("pid", s.Pid);
        w.WriteString("process", s.ProcessName);
        w.WriteString("runtime", s.RuntimeVersion);
        w.WriteNumber("pendingTasks", s.PendingTasks);
        w.WriteNumber("heapObjects", s.HeapObjects);
        w.WriteNumber("pausedMs", Math.Round(s.Paused.TotalMilliseconds, 1));
        w.WriteNumber("elapsedMs", Math.Round(s.Elapsed.TotalMilliseconds, 1));
        w.WriteString("via", s.ViaDump ? "dump" : "ptrace");
    }

    private static void ChainHead(Utf8JsonWriter w, ChainGroup chain)
    {
        w.WriteNumber("id", chain.Id);
        w.WriteNumber("count", chain.Count);
        w.WriteBoolean("syncOverAsync", chain.SyncOverAsync);
        w.WriteString("summary", chain.Summary);
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length) + "\n";
    }
}
