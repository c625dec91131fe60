using System.Diagnostics;
using System.Runtime.CompilerServices;
using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>Builds <c>where</c> (live) and <c>where-terminated</c> answers: creation chains, async stacks, cancellation chains.</summary>
internal sealed class TraceBuilder(TaskRegistry registry, TerminationLog log, LiveTaskViews views, TerminatedViews terminatedViews, AwaitLines lines, SourcePaths paths)
{
    private const int MaxChain = 32;

    public LiveTaskTrace? Live(long id)
    {
        var record = registry.ById(id);
        if (record is null)
        {
            return null;
        }

        var view = views.View(record, Stopwatch.GetTimestamp());
        var stack = Stack(record, view, out var note);
        return new LiveTaskTrace { Task = view, CreationChain = CreationChain(record.Id), AsyncStack = stack, StackNote = note, RunTimes = State.RunTimes.View(record.RunHistogram) };
    }

    public TerminationTrace? Terminated(string traceId)
    {
        if (!TraceIds.TryParse(traceId, out var sequence) || log.BySequence(sequence) is not { } entry)
        {
            return null;
        }

        var task = terminatedViews.View(entry);
        IReadOnlyList<StackFrameInfo> termination = entry.Outcome switch
        {
            Inspection.TaskOutcome.Faulted => entry.ExceptionFrames ?? [],
            Inspection.TaskOutcome.Cancelled when entry.Canceller is not null => entry.Canceller.Stack,
            _ => [],
        };
        return new TerminationTrace
        {
            Task = task,
            CreationChain = CreationChain(entry.Id),
            TerminationStack = termination,
            ExceptionText = entry.ExceptionText,
            CancellationChain = CancellationChain(entry.Canceller),
        };
    }

    private List<CreationLink> CreationChain(long id)
    {
        var chain = new List<CreationLink>();
        var seen = new HashSet<long>();
        while (id != 0 && chain.Count < MaxChain && seen.Add(id))
        {
            if (registry.ById(id) is { } record)
            {
                chain.Add(new CreationLink
                {
                    Id = record.Id,
                    Name = record.Name,
                    Method = Tracking.TerminationRecorder.MethodOf(record),
                    Terminated = false,
                    Site = record.Site,
                    CreationStack = record.CreationStack ?? [],
                });
                id = record.ParentId;
            }
            else if (log.ByLiveId(id) is { } entry)
            {
                chain.Add(new CreationLink
                {
                    Id = entry.Id,
                    Name = entry.Name,
                    Method = entry.Method,
                    Terminated = true,
                    Site = entry.Site,
                    CreationStack = entry.CreationStack ?? [],
                });
                id = entry.ParentId;
            }
            else
            {
                break;
            }
        }

        return chain;
    }

    private List<CancellationInfo> CancellationChain(CancellationInfo? canceller)
    {
        var chain = new List<CancellationInfo>();
        var seen = new HashSet<long>();
        while (canceller is not null && chain.Count < MaxChain)
        {
            chain.Add(canceller);
            if (canceller.CancellerTaskId is not { } id || !seen.Add(id))
            {
                break;
            }

            canceller = registry.ById(id)?.Canceller ?? log.ByLiveId(id)?.Canceller;
        }

        return chain;
    }

    private List<AsyncFrame> Stack(TaskRecord record, LiveTask view, out string? note)
    {
        note = null;
        var task = record.Work;
        if (task is null && record.WeakTask is { } weak)
        {
            weak.TryGetTarget(out task);
        }

        if (task is null)
        {
            note = record.Origin == Inspection.TaskOrigin.Discovered
                ? "the task object is not reachable (Native AOT, or discovered without the runtime's task table): method only"
                : "the task object is gone";
            return [new AsyncFrame { Method = view.Method, AwaitIndex = -2 }];
        }

        var walked = AsyncStacks.Walk(task, out var complete);
        var frames = new List<AsyncFrame>(walked.Count);
        foreach (var (machine, state, awaiting) in walked)
        {
            var source = state >= 0 ? lines.Find(machine, state) : null;
            frames.Add(new AsyncFrame
            {
                Method = NameDemangler.OfMethod(machine, "MoveNext"),
                File = source is null ? null : paths.Shorten(source.Value.File),
                Line = source?.Line,
                AwaitIndex = state,
                Awaiting = awaiting,
            });
        }

        if (frames.Count == 0)
        {
            note = task.IsCompleted ? "the task has just completed" : "not an async method: no state machine to walk";
        }
        else if (view.State == TaskState.Running)
        {
            note = "running on a thread now";
        }
        else if (!complete)
        {
            note = RuntimeFeature.IsDynamicCodeSupported
                ? "state machine fields could not be read: methods only"
                : "Native AOT: methods only (no state machine metadata, no PDB)";
        }
        else if (!lines.Available)
        {
            note = "no portable PDB found: await lines unknown";
        }

        return frames;
    }
}
