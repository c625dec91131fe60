using Taskmon.Inspection;

namespace Taskmon.Tests.Inspection;

/// <summary>The one collapsing rule: runs of two or more non-user frames become one counted frame; nothing else changes.</summary>
[Trait("tier", "fast")]
public sealed class JustMyCodeCollapseTests
{
    private static StackFrameInfo User(string name) => new() { Method = name, File = "a.cs", Line = 1, User = true };

    private static StackFrameInfo Framework(string name) => new() { Method = name };

    [Fact]
    public void Runs_of_two_or_more_framework_frames_collapse_and_a_single_one_stays()
    {
        StackFrameInfo[] frames = [User("a"), Framework("f1"), Framework("f2"), Framework("f3"), User("b"), Framework("g"), User("c"), Framework("h1"), Framework("h2")];

        var collapsed = JustMyCode.Collapse(frames);

        Assert.Equal(["a", "… 3 framework frames", "b", "g", "c", "… 2 framework frames"], collapsed.Select(f => f.Method));
        Assert.Equal([0, 3, 0, 0, 0, 2], collapsed.Select(f => f.Hidden));
        Assert.All(collapsed.Where(f => f.Hidden > 0), f => Assert.False(f.User));
    }

    [Fact]
    public void A_stack_without_a_run_to_collapse_comes_back_as_it_is()
    {
        StackFrameInfo[] frames = [User("a"), Framework("f"), User("b")];
        Assert.Same(frames, JustMyCode.Collapse(frames));
        Assert.Empty(JustMyCode.Collapse([]));
    }
}
