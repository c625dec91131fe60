using Taskmon.Inspection;

namespace Taskmon.State;

/// <summary>
/// One slot of the termination history; the public record is built from it at query time. It keeps text, never the
/// exception object (which holds its whole message, inner exceptions and the app's state), and the app's strings are
/// capped (<see cref="HistoryText"/>). A struct, copied into the ring's preallocated slots: a busy service terminates
/// thousands of tasks a second, and an object per entry, kept until the ring comes round, was most of what recording
/// one cost (its allocation, and the collections that promoted it).
/// </summary>
internal readonly struct TerminatedEntry
{
    public required long Sequence { get; init; }

    public required long Id { get; init; }

    public required string Name { get; init; }

    public required string Method { get; init; }

    public required TaskOrigin Origin { get; init; }

    public required bool Persistent { get; init; }

    public bool Monitor { get; init; }

    public required TaskOutcome Outcome { get; init; }

    public required long StartTimestamp { get; init; }

    public required long EndTimestamp { get; init; }

    public long ParentId { get; init; }

    public CreationSite? Site { get; init; }

    public StackFrameInfo[]? CreationStack { get; init; }

    /// <summary>The exception's one-line summary (<c>Type: message</c>) for faulted tasks.</summary>
    public string? ExceptionSummary { get; init; }

    /// <summary>The exception's text and frames as they were at termination (the app may rethrow it later, which appends to its trace).</summary>
    public string? ExceptionText { get; init; }

    public StackFrameInfo[]? ExceptionFrames { get; init; }

    /// <summary>For lost tasks: the await it was stuck at, as reported by the runtime.</summary>
    public string? StuckAt { get; init; }

    public CancellationInfo? Canceller { get; init; }

    public long BusyTicks { get; init; }

    public int Resumptions { get; init; }

    public long LongestRunTicks { get; init; }
}
