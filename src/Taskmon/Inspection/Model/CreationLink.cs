namespace Taskmon.Inspection;

/// <summary>One link of a creation chain: a task and where it was created.</summary>
public sealed record CreationLink
{
    /// <summary>The task's live id.</summary>
    public required long Id { get; init; }

    /// <summary>The task's name.</summary>
    public required string Name { get; init; }

    /// <summary>The task's method.</summary>
    public required string Method { get; init; }

    /// <summary>Whether this task has already terminated.</summary>
    public required bool Terminated { get; init; }

    /// <summary>Where it was created, when known.</summary>
    public CreationSite? Site { get; init; }

    /// <summary>The creation stack, when captured (see <see cref="Hosting.TaskmonOptions.CreationStacks"/>).</summary>
    public required IReadOnlyList<StackFrameInfo> CreationStack { get; init; }
}
