namespace Taskmon.Inspection;

/// <summary>One frame of a captured (demystified) call stack.</summary>
/// <param name="Method">The user-facing method name, <c>Namespace.Type.Method</c>; async state machines and lambdas are shown as the method that declares them.</param>
/// <param name="File">The source file, shortened relative to the app's base directory, when symbols are available.</param>
/// <param name="Line">The 1-based source line, when symbols are available.</param>
public sealed record StackFrameInfo(string Method, string? File, int? Line)
{
    /// <summary>Renders as <c>Method in File:Line</c> (or just the method when no source is known).</summary>
    /// <returns>The rendered frame.</returns>
    public override string ToString() => File is null ? Method : $"{Method} in {File}:{Line}";
}
