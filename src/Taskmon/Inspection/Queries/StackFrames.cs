using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Taskmon.Inspection;

/// <summary>
/// Turns a <see cref="StackTrace"/> into user-facing frames: async state machine <c>MoveNext</c> frames become the
/// user's method, lambdas and closures become the method that declares them, runtime plumbing and the monitor's own
/// frames are hidden, paths are shortened.
/// </summary>
internal static class StackFrames
{
    /// <summary>Frames kept of one stack (deep recursion gives thousands); a last frame says how many more there were.</summary>
    public const int MaxFrames = 256;

    public static StackFrameInfo[] From(StackTrace trace, SourcePaths paths)
    {
        var frames = trace.GetFrames();
        var result = new List<StackFrameInfo>(Math.Min(frames.Length, MaxFrames + 1));
        for (var i = 0; i < frames.Length; i++)
        {
            if (result.Count == MaxFrames)
            {
                // A note, not code: always shown.
                result.Add(new StackFrameInfo { Method = $"… [truncated, {frames.Length - i} more frames]", User = true });
                break;
            }

            var frame = frames[i];
            var method = Describe(frame, out var user);
            if (method is null || IsNoise(method))
            {
                continue;
            }

            var file = frame.GetFileName();
            var line = frame.GetFileLineNumber();
            if (file is null && result.Count > 0 && result[^1].Method == method)
            {
                // An async method's kickoff stub right below its state machine's MoveNext: the same method again.
                continue;
            }

            result.Add(new StackFrameInfo { Method = method, File = file is null ? null : paths.Shorten(file), Line = file is null || line == 0 ? null : line, User = user });
        }

        return [.. result];
    }

    /// <summary>
    /// Captures the current stack. The monitor's own frames are dropped by name in <see cref="From"/>, never by a
    /// fixed count: once the JIT inlines some of them, a count would eat the caller's frames instead.
    /// </summary>
    public static StackFrameInfo[] Capture(SourcePaths paths) =>
        From(new StackTrace(fNeedFileInfo: true), paths);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "StackFrame.GetMethod may return null when trimmed; DiagnosticMethodInfo is the fallback.")]
    private static string? Describe(StackFrame frame, out bool user)
    {
        var method = frame.GetMethod();
        if (method is not null)
        {
            user = CodeOwners.IsUser(method.DeclaringType);
            return NameDemangler.OfMethod(method.DeclaringType, method.Name);
        }

        var info = DiagnosticMethodInfo.Create(frame);
        if (info is null)
        {
            user = false;
            return null;
        }

        user = CodeOwners.IsUserTypeName(info.DeclaringTypeName);
        return NameDemangler.OfMethod(info.DeclaringTypeName, info.Name);
    }

    // Frames of the monitor itself and of the runtime's task and thread-pool plumbing: never what the user wrote.
    private static readonly string[] s_noisePrefixes =
    [
        "Taskmon.Tracking.",
        "Taskmon.State.",
        "Taskmon.Inspection.",
        "Taskmon.TaskMonitor.",
        "System.Runtime.CompilerServices.",
        "System.Runtime.ExceptionServices.",
        "System.Threading.ExecutionContext.",
        "System.Threading.Tasks.Task.",
        "System.Threading.Tasks.AwaitTaskContinuation.",
        "System.Threading.ThreadPoolWorkQueue.",
        "System.Threading.PortableThreadPool",
        "System.Threading.Thread.StartCallback",
        "System.Threading.Tasks.TplEventSource",
        "System.Diagnostics.",
    ];

    private static bool IsNoise(string method)
    {
        foreach (var prefix in s_noisePrefixes)
        {
            if (method.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Used by tests and the lost-task path, which format method names without a frame.</summary>
    internal static string Describe(MethodBase method) => NameDemangler.OfMethod(method.DeclaringType, method.Name);
}
