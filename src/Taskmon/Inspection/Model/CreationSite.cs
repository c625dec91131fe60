namespace Taskmon.Inspection;

/// <summary>The source location that created a task (from caller information; free to capture).</summary>
public sealed record CreationSite
{
    /// <summary>The calling member's name.</summary>
    public required string Member { get; init; }

    /// <summary>The source file, shortened relative to the app's base directory.</summary>
    public required string File { get; init; }

    /// <summary>The 1-based source line.</summary>
    public required int Line { get; init; }

    /// <summary>Renders as <c>Member (File:Line)</c>.</summary>
    /// <returns>The rendered site.</returns>
    public override string ToString() => $"{Member} ({File}:{Line})";
}
