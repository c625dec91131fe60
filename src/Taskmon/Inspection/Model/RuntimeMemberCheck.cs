namespace Taskmon.Inspection;

/// <summary>One private runtime member the monitor relies on, as its start-up self-check found it.</summary>
public sealed record RuntimeMemberCheck
{
    /// <summary>The member (e.g. <c>Task.s_currentActiveTasks</c>).</summary>
    public required string Member { get; init; }

    /// <summary>What depends on it; when it is missing, only this goes.</summary>
    public required string Feature { get; init; }

    /// <summary>Whether it was found with the expected shape.</summary>
    public required bool Found { get; init; }

    /// <summary>Why it is missing, or a remark (e.g. not used under Native AOT); null when there is nothing to say.</summary>
    public string? Note { get; init; }
}
