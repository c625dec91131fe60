using System.Collections.Concurrent;
using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Tracking;

/// <summary>
/// Decides whether a new task captures a creation stack (off, once per site, 1-in-N, always) and caches one
/// stack per creation site, with a bounded number of sites (counted on the side: the dictionary's own count takes every
/// lock, and a full cache would pay it on every new task from an unseen site).
/// </summary>
internal sealed class CreationStacks(CreationStackMode mode, int sampleInterval, SourcePaths paths)
{
    internal const int MaxSites = 4096;
    private static readonly StackFrameInfo[] s_none = [];
    private readonly ConcurrentDictionary<(string Key, int Line), StackFrameInfo[]> _bySite = new(SourceKeyComparer.Instance);
    private readonly int _interval = Math.Max(1, sampleInterval);
    private long _counter;
    private int _sites;

    /// <summary>The sites kept (exact; takes every lock: for tests).</summary>
    internal int SiteCount => _bySite.Count;

    public CreationStackMode Mode { get; set; } = mode;

    /// <summary>Returns the stack for a task created at a site (key: file or operation name, and line), or null.</summary>
    public StackFrameInfo[]? For(string siteKey, int siteLine) => For(siteKey, siteLine, Mode);

    /// <summary>The same, under <paramref name="mode"/> (the caller read <see cref="Mode"/> once and acts on it throughout).</summary>
    public StackFrameInfo[]? For(string siteKey, int siteLine, CreationStackMode mode)
    {
        switch (mode)
        {
            case CreationStackMode.Off:
                return null;
            case CreationStackMode.Always:
                return StackFrames.Capture(paths);
            case CreationStackMode.Sampled:
                return Interlocked.Increment(ref _counter) % _interval == 0 ? StackFrames.Capture(paths) : null;
            default:
                if (_bySite.TryGetValue((siteKey, siteLine), out var cached))
                {
                    return cached.Length == 0 ? null : cached;
                }

                if (Volatile.Read(ref _sites) >= MaxSites)
                {
                    return null;
                }

                var captured = StackFrames.Capture(paths);
                if (_bySite.TryAdd((siteKey, siteLine), captured.Length == 0 ? s_none : captured))
                {
                    Interlocked.Increment(ref _sites);
                }

                return captured;
        }
    }
}
