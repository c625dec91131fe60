namespace Taskmon.Inspection;

/// <summary>The source location that created a task (from caller information; free to capture).</summary>
/// <param name="Member">The calling member's name.</param>
/// <param name="File">The source file, shortened relative to the app's base directory.</param>
/// <param name="Line">The 1-based source line.</param>
public sealed record CreationSite(string Member, string File, int Line)
{
    /// <summary>Renders as <c>Member (File:Line)</c>.</summary>
    /// <returns>The rendered site.</returns>
    public override string ToString() => $"{Member} ({File}:{Line})";
}
