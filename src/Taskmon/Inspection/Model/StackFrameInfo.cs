namespace Taskmon.Inspection;

/// <summary>One frame of a captured (demystified) call stack.</summary>
public sealed record StackFrameInfo
{
    /// <summary>The user-facing method name, <c>Namespace.Type.Method</c>; async state machines and lambdas are shown as the method that declares them.</summary>
    public required string Method { get; init; }

    /// <summary>The source file, shortened relative to the app's base directory, when symbols are available.</summary>
    public string? File { get; init; }

    /// <summary>The 1-based source line, when symbols are available.</summary>
    public int? Line { get; init; }

    /// <summary>
    /// Whether the frame is the app's own code ("Just My Code"): its declaring type's assembly is not the runtime's, a
    /// framework's (<c>System*</c>, <c>Microsoft.*</c>), a test runner's or the monitor's; the entry assembly always is.
    /// Traces collapse runs of other frames unless asked for full stacks.
    /// </summary>
    public bool User { get; init; }

    /// <summary>In a collapsed stack: how many framework frames this one line stands for (its method reads <c>… N framework frames</c>); 0 for a real frame.</summary>
    public int Hidden { get; init; }

    /// <summary>Renders as <c>Method in File:Line</c> (or just the method when no source is known).</summary>
    /// <returns>The rendered frame.</returns>
    public override string ToString() => File is null ? Method : $"{Method} in {File}:{Line}";
}
