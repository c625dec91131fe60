using Microsoft.Diagnostics.Runtime;
using Taskmon.Inspection;

namespace Taskmon.Attach;

/// <summary>
/// Every managed thread's stack, frames named like code (their lines are filled in after the detach). A thread inside
/// <c>Task.Wait</c> or <c>.Result</c> is marked sync-over-async, with the chain it blocks on when a pending task of
/// that chain is on its stack.
/// </summary>
internal static class ThreadScan
{
    private const int MaxFrames = 200;
    private static readonly HashSet<string> s_blockingWaits = new(StringComparer.Ordinal)
    {
        "SpinThenBlockingWait", "InternalWaitCore", "InternalWait", "Wait", "GetResultCore", "WaitAll", "WaitAny",
    };

    public static List<ThreadView> Read(ClrRuntime runtime, AwaitSourceLines lines, Func<ulong, bool> isChainRoot, CancellationToken cancellationToken)
    {
        var threads = new List<ThreadView>();
        foreach (var thread in runtime.Threads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!thread.IsAlive)
            {
                continue;
            }
            var frames = new List<ThreadFrame>();
            var blocking = false;
            foreach (var frame in thread.EnumerateStackTrace(includeContext: false).Take(MaxFrames))
            {
                if (frame.Method is not { } method)
                {
                    continue;
                }
                var typeName = method.Type?.Name;
                blocking |= typeName is not null && typeName.StartsWith("System.Threading.Tasks.Task", StringComparison.Ordinal)
                    && method.Name is { } name && s_blockingWaits.Contains(name);
                var view = new ThreadFrame(TerminalText.Clean(NameDemangler.OfMethod(typeName, method.Name ?? "?")));
                lines.Note(method, method.GetILOffset(frame.InstructionPointer), view);
                frames.Add(view);
            }
            ulong? blockedOn = null;
            if (blocking)
            {
                foreach (var root in thread.EnumerateStackRoots())
                {
                    if (isChainRoot(root.Object.Address))
                    {
                        blockedOn = root.Object.Address;
                        break;
                    }
                }
            }
            threads.Add(new ThreadView(thread.ManagedThreadId, thread.OSThreadId, frames, blocking, blockedOn));
        }
        return threads;
    }

    /// <summary>Names the chain each blocked thread waits on, once the chains are built.</summary>
    public static void LinkChains(IReadOnlyList<ThreadView> threads, IReadOnlyList<ChainGroup> chains)
    {
        var chainOfRoot = new Dictionary<ulong, int>();
        foreach (var chain in chains)
        {
            foreach (var root in chain.Roots)
            {
                chainOfRoot[root] = chain.Id;
            }
        }
        foreach (var thread in threads)
        {
            if (thread.BlockedOnRoot is { } root && chainOfRoot.TryGetValue(root, out var id))
            {
                thread.BlockedOnChain = id;
            }
        }
    }
}
