using System.Diagnostics;
using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>
/// Takes one snapshot: checks the process (<see cref="TargetProcess"/>), attaches with ptrace and suspends it, loads
/// the DAC from the target's own runtime directory (ClrMD's version detection is not relied on), walks the heap and
/// the threads (only when asked for: stack walks are the slowest part) through a block cache of its memory
/// (<see cref="BlockCachingReader"/>), and detaches; chains are built and source lines read from the PDBs after that.
/// The target is stopped only between attach and detach; disposal detaches on every path (an error, a cancellation
/// from Ctrl-C or SIGTERM), and the kernel detaches if this process dies. A target that died while stopped (SIGKILL)
/// and a read that ran out of taskmon's memory are errors of their own (exit codes 10 and 12).
/// </summary>
internal static class SnapshotReader
{
    public static Snapshot Read(int pid, bool threads, CancellationToken cancellationToken)
    {
        var target = TargetProcess.Inspect(pid);
        try
        {
            return Read(target, threads, cancellationToken);
        }
        catch (Exception e) when (e is not (AttachException or OperationCanceledException))
        {
            if (TargetProcess.HasExited(pid))
            {
                throw Exited(target, e);
            }
            if (e is OutOfMemoryException or InsufficientExecutionStackException)
            {
                // Everything the read held is unreachable once its frame is gone: make room for the message.
                GC.Collect();
                var limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20;
                throw new AttachException(AttachError.ReadFailed, $"process {pid} ({target.Name}): its heap is too large for taskmon's memory limit ({limit} MB: the container's limit or DOTNET_GCHeapHardLimit); run taskmon where it may use more", e);
            }
            throw new AttachException(AttachError.ReadFailed, $"process {pid} ({target.Name}): reading it failed: {TerminalText.Clean(FirstLine(e.Message))}", e);
        }
    }

    private static Snapshot Read(TargetProcess target, bool threads, CancellationToken cancellationToken)
    {
        var pid = target.Pid;
        var elapsed = Stopwatch.StartNew();
        var paused = new Stopwatch();
        DataTarget dataTarget;
        try
        {
            paused.Start();
            dataTarget = DataTarget.AttachToProcess(pid, suspend: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw AttachFailure(target, e);
        }
        using (dataTarget)
        {
            // Every read goes through a block cache: valid because the target stays stopped until the detach.
            using var cached = new DataTarget(new BlockCachingReader(dataTarget.DataReader), new DataTargetOptions());
            var clr = cached.ClrVersions.FirstOrDefault()
                ?? throw new AttachException(AttachError.NotDotNet, $"process {pid} ({target.Name}): no .NET runtime found in it");
            using var runtime = clr.CreateRuntime(target.DacPath, ignoreMismatch: true);
            var heap = runtime.Heap;
            if (!heap.CanWalkHeap)
            {
                throw new AttachException(AttachError.ReadFailed, $"process {pid} ({target.Name}): its heap cannot be walked right now (a garbage collection is running); try again");
            }
            var lines = new AwaitSourceLines(pid);
            var scan = new HeapScan(heap, lines);
            scan.Run(cancellationToken);
            var stacks = threads ? ThreadScan.Read(runtime, lines, scan.IsRoot, cancellationToken) : null;

            // Stopped, it can only have died (SIGKILL): then the reads came back empty and the snapshot is not whole.
            if (TargetProcess.HasExited(pid))
            {
                throw Exited(target);
            }
            dataTarget.Dispose();
            paused.Stop();

            // The target runs again: what follows only reads this process's copy and the PDB files.
            var chains = ChainBuilder.Build(scan.Nodes);
            if (stacks is not null)
            {
                ThreadScan.LinkChains(stacks, chains);
            }
            var version = RuntimeVersion(target.DacPath);
            lines.Resolve();
            return new Snapshot(pid, target.Name, version, chains, stacks, scan.Nodes.Count(static n => n.Kind != NodeKind.Source), scan.ObjectsSeen, paused.Elapsed, elapsed.Elapsed);
        }
    }

    private static AttachException Exited(TargetProcess target, Exception? e = null) =>
        new(AttachError.ProcessExited, $"process {target.Pid} ({target.Name}) exited while it was being read", e);

    private static AttachException AttachFailure(TargetProcess target, Exception e)
    {
        if (TargetProcess.HasExited(target.Pid))
        {
            return new AttachException(AttachError.ProcessExited, $"process {target.Pid} ({target.Name}) exited", e);
        }
        var message = e.Message;
        if (e is UnauthorizedAccessException || message.Contains("permission", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not permitted", StringComparison.OrdinalIgnoreCase) || message.Contains("errno 1", StringComparison.OrdinalIgnoreCase)
            || message.Contains("error 1)", StringComparison.OrdinalIgnoreCase) || message.Contains("ptrace", StringComparison.OrdinalIgnoreCase))
        {
            return new AttachException(AttachError.NotPermitted, PtraceAdvice.CannotRead(target.Pid, target.Name), e);
        }
        return new AttachException(AttachError.ReadFailed, $"cannot attach to process {target.Pid} ({target.Name}): {TerminalText.Clean(FirstLine(message))}", e);
    }

    /// <summary>The runtime's version is the name of its directory (…/Microsoft.NETCore.App/10.0.0/).</summary>
    private static string RuntimeVersion(string dacPath) => TerminalText.Clean(Path.GetFileName(Path.GetDirectoryName(dacPath)) ?? "?");

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
