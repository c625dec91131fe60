namespace Taskmon.Streaming;

/// <summary>One entry of the warnings panel: what is wrong, and the task(s) it concerns.</summary>
public sealed record TaskWarning
{
    /// <summary>The rule that raised it.</summary>
    public required WarningKind Kind { get; init; }

    /// <summary>One line for people (contains app text: clean it before showing it).</summary>
    public required string Message { get; init; }

    /// <summary>The monitor ids of the tasks concerned (at most 20; may name tasks that have ended since).</summary>
    public required IReadOnlyList<long> TaskIds { get; init; }

    /// <summary>When the condition was first seen, or when the event happened.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>True while the condition holds; false for an event (a loss, an unobserved fault, a blocking run of a task that has ended) kept for a minute.</summary>
    public required bool Ongoing { get; init; }
}
