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
/// and a read that ran out of taskmon's memory are errors of their own (exit codes 10 and 12). Where ptrace is
/// refused (or with <c>--dump</c>), the target's runtime is asked for a dump instead (<see cref="DumpFile"/>), which
/// is read the same way and deleted afterwards.
/// </summary>
internal static class SnapshotReader
{
    public static Snapshot Read(int pid, bool threads, bool viaDump, CancellationToken cancellationToken)
    {
        var target = TargetProcess.Inspect(pid);
        try
        {
            return Read(target, threads, viaDump, cancellationToken);
        }
        catch (Exception e) when (e is not (AttachException or OperationCanceledException))
        {
            if (TargetProcess.HasExited(pid) || e is InvalidOperationException { Message: BlockCachingReader.ProcessExitedMessage })
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

    /// <summary>Through ptrace, or through a dump when asked to or when ptrace is refused and the runtime can be asked.</summary>
    private static Snapshot Read(TargetProcess target, bool threads, bool viaDump, CancellationToken cancellationToken)
    {
        if (viaDump)
        {
            return ReadDump(target, threads, cancellationToken);
        }
        try
        {
            return ReadLive(target, threads, cancellationToken);
        }
        catch (AttachException refused) when (refused.Error == AttachError.NotPermitted && DumpFile.CanAsk(target.Pid))
        {
            try
            {
                return ReadDump(target, threads, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The dump could not be had either (another user's socket, say): the ptrace refusal says why.
                throw refused;
            }
        }
    }

    private static Snapshot ReadLive(TargetProcess target, bool threads, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var paused = Stopwatch.StartNew();
        DataTarget dataTarget;
        try
        {
            dataTarget = DataTarget.AttachToProcess(target.Pid, suspend: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw AttachFailure(target, e);
        }
        using (dataTarget)
        {
            // Every read goes through a block cache: valid because the target stays stopped until the detach.
            var reader = new BlockCachingReader(dataTarget.DataReader);
            using var cached = new DataTarget(reader, new DataTargetOptions());
            try
            {
                return Walk(target, cached, threads, elapsed, paused, viaDump: false, () =>
                {
                    // Stopped, it can only have died (SIGKILL): then the reads came back empty and the snapshot is not
                    // whole. A dying process is no zombie yet while its threads exit, but its memory is gone already.
                    if (reader.TargetGone || TargetProcess.HasExited(target.Pid))
                    {
                        throw Exited(target);
                    }
                    dataTarget.Dispose();
                }, cancellationToken);
            }
            catch (AttachException e) when (e.Error != AttachError.ProcessExited && (reader.TargetGone || TargetProcess.HasExited(target.Pid)))
            {
                // Killed before its modules were listed, say: "no .NET runtime found" would be the wrong reason.
                throw Exited(target, e);
            }
        }
    }

    /// <summary>The runtime writes the dump (it is paused meanwhile); the dump is read, then deleted on every path.</summary>
    private static Snapshot ReadDump(TargetProcess target, bool threads, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var paused = Stopwatch.StartNew();
        using var dump = DumpFile.Write(target.Pid, cancellationToken);
        paused.Stop();
        using var dataTarget = DataTarget.LoadDump(dump.Path);
        return Walk(target, dataTarget, threads, elapsed, paused, viaDump: true, detach: null, cancellationToken);
    }

    /// <summary>The walk itself, on a stopped process or a dump; <paramref name="detach"/> lets a stopped process go.</summary>
    private static Snapshot Walk(TargetProcess target, DataTarget dataTarget, bool threads, Stopwatch elapsed, Stopwatch paused, bool viaDump, Action? detach, CancellationToken cancellationToken)
    {
        var pid = target.Pid;
        var clr = dataTarget.ClrVersions.FirstOrDefault()
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
        if (detach is not null)
        {
            detach();
            paused.Stop();
        }

        // The target runs again: what follows only reads this process's copy and the PDB files.
        var chains = ChainBuilder.Build(scan.Nodes);
        if (stacks is not null)
        {
            ThreadScan.LinkChains(stacks, chains);
        }
        var version = RuntimeVersion(target.DacPath);
        lines.Resolve();
        return new Snapshot(pid, target.Name, version, chains, stacks, scan.Nodes.Count(static n => n.Kind != NodeKind.Source), scan.ObjectsSeen, paused.Elapsed, elapsed.Elapsed)
        {
            ViaDump = viaDump,
        };
    }

    private static AttachException Exited(TargetProcess target, Exception? e = null) =>
        new(AttachError.ProcessExited, $"process {target.Pid} ({target.Name}) exited while it was being read", e);

    private static AttachException AttachFailure(TargetProcess target, Exception e)
    {
        if (TargetProcess.HasExited(target.Pid))
        {
            // Killed while ptrace stopped its threads one by one: to the operator that is still "while it was being read".
            return Exited(target, e);
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
