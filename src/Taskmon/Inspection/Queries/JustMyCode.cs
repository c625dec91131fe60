namespace Taskmon.Inspection;

/// <summary>
/// "Just My Code" for stacks: every run of two or more framework frames (<see cref="StackFrameInfo.User"/> false)
/// becomes one line, <c>… N framework frames</c>, so the app's own frames stand out. The one implementation behind
/// the terminal, the client and the web API (which return collapsed stacks unless asked for full ones).
/// </summary>
internal static class JustMyCode
{
    public static IReadOnlyList<StackFrameInfo> Collapse(IReadOnlyList<StackFrameInfo> frames)
    {
        List<StackFrameInfo>? result = null;
        var i = 0;
        while (i < frames.Count)
        {
            var end = i;
            while (end < frames.Count && !frames[end].User && frames[end].Hidden == 0)
            {
                end++;
            }

            var run = end - i;
            if (run >= 2)
            {
                result ??= [.. frames.Take(i)];
                result.Add(Marker(run));
                i = end;
            }
            else
            {
                var next = Math.Max(end, i + 1);
                result?.AddRange(frames.Skip(i).Take(next - i));
                i = next;
            }
        }

        return result is null ? frames : result;
    }

    public static LiveTaskTrace Collapse(LiveTaskTrace trace) => trace with
    {
        CreationChain = Collapse(trace.CreationChain),
    };

    public static TerminationTrace Collapse(TerminationTrace trace) => trace with
    {
        CreationChain = Collapse(trace.CreationChain),
        TerminationStack = Collapse(trace.TerminationStack),
        CancellationChain = [.. trace.CancellationChain.Select(static c => c with { Stack = Collapse(c.Stack) })],
    };

    private static CreationLink[] Collapse(IReadOnlyList<CreationLink> chain) =>
        [.. chain.Select(static link => link with { CreationStack = Collapse(link.CreationStack) })];

    private static StackFrameInfo Marker(int count) =>
        new() { Method = $"… {count} framework frames", Hidden = count };
}
