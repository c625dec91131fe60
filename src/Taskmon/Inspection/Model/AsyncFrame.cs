namespace Taskmon.Inspection;

/// <summary>One frame of a task's live logical async stack: an async method suspended at an await.</summary>
public sealed record AsyncFrame
{
    /// <summary>The async method, <c>Namespace.Type.Method</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The source file of the await, when known (JIT with portable PDBs).</summary>
    public string? File { get; init; }

    /// <summary>The source line of the await, when known.</summary>
    public int? Line { get; init; }

    /// <summary>The state machine's state: which await (0-based) it is suspended at; -1 when running; -2 when it could not be read (Native AOT).</summary>
    public required int AwaitIndex { get; init; }

    /// <summary>What the frame awaits, e.g. <c>Task.Delay</c> or <c>TaskCompletionSource</c>, when known.</summary>
    public string? Awaiting { get; init; }

    /// <summary>Renders as <c>Method in File:Line (awaiting X)</c>.</summary>
    /// <returns>The rendered frame.</returns>
    public override string ToString()
    {
        var where = File is not null ? $"{Method} in {File}:{Line}"
            : AwaitIndex >= 0 ? $"{Method} at await #{AwaitIndex}"
            : AwaitIndex == -1 ? $"{Method} (running)"
            : $"{Method} (state unknown)";
        return Awaiting is null ? where : $"{where} (awaiting {Awaiting})";
    }
}
