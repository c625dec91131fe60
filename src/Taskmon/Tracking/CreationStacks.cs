using System.Collections.Concurrent;
using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Tracking;

/// <summary>
/// Decides whether a new task captures a creation stack (off, once per site, 1-in-N, always) and caches one
/// stack per creation site, with a bounded number of sites.
/// </summary>
internal sealed class CreationStacks(CreationStackMode mode, int sampleInterval, SourcePaths paths)
{
    private const int MaxSites = 4096;
    private static readonly StackFrameInfo[] s_none = [];
    private readonly ConcurrentDictionary<(string Key, int Line), StackFrameInfo[]> _bySite = new(SourceKeyComparer.Instance);
    private readonly int _interval = Math.Max(1, sampleInterval);
    private long _counter;

    public CreationStackMode Mode { get; set; } = mode;

    /// <summary>Returns the stack for a task created at a site (key: file or operation name, and line), or null.</summary>
    public StackFrameInfo[]? For(string siteKey, int siteLine)
    {
        switch (Mode)
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

                if (_bySite.Count >= MaxSites)
                {
                    return null;
                }

                var captured = StackFrames.Capture(paths);
                _bySite.TryAdd((siteKey, siteLine), captured.Length == 0 ? s_none : captured);
                return captured;
        }
    }
}
