using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Tests.Inspection;

/// <summary>The one vocabulary every front end reads: words, aliases, bounds, and the history's default order.</summary>
[Trait("tier", "fast")]
public sealed class QueryVocabularyTests
{
    [Theory]
    [InlineData("per-site", CreationStackMode.PerSite)]
    [InlineData("perSite", CreationStackMode.PerSite)]
    [InlineData("PER_SITE", CreationStackMode.PerSite)]
    [InlineData("Always", CreationStackMode.Always)]
    public void A_stack_mode_reads_in_the_terminal_the_web_and_the_json_spelling(string word, CreationStackMode expected)
    {
        Assert.True(QueryVocabulary.CreationStackModes.TryParse(word, out var mode));
        Assert.Equal(expected, mode);
        Assert.Equal("per-site", QueryVocabulary.CreationStackModes.NameOf(CreationStackMode.PerSite));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("per site")]
    [InlineData("sometimes")]
    public void Anything_else_is_not_a_word(string? word) =>
        Assert.False(QueryVocabulary.CreationStackModes.TryParse(word, out _));

    [Fact]
    public void Each_enum_value_has_exactly_one_name()
    {
        Assert.Equal(Enum.GetValues<TaskSortKey>().Length, QueryVocabulary.TaskSorts.Names.Count);
        Assert.Equal(Enum.GetValues<TerminatedSortKey>().Length, QueryVocabulary.TerminatedSorts.Names.Count);
        Assert.Equal(Enum.GetValues<TaskOrigin>().Length, QueryVocabulary.Origins.Names.Count);
        Assert.Equal(Enum.GetValues<TaskOutcome>().Length, QueryVocabulary.Outcomes.Names.Count);
        Assert.Equal(Enum.GetValues<CreationStackMode>().Length, QueryVocabulary.CreationStackModes.Names.Count);
        Assert.Equal("ended, started, name, outcome or duration", QueryVocabulary.TerminatedSorts.Choices);
        Assert.True(QueryVocabulary.Outcomes.TryParse("canceled", out var outcome) && outcome == TaskOutcome.Cancelled);
    }

    [Fact]
    public void The_core_caps_a_page_at_the_shared_bound_whoever_asks()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Enabled = false } });
        using var stop = new CancellationTokenSource();
        for (var i = 0; i < QueryVocabulary.MaxLimit + 5; i++)
        {
            _ = monitor.Run($"capped-{i}", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stop.Token);
        }

        var page = monitor.GetTasks(new TaskQuery { Filter = "capped-", Limit = int.MaxValue });
        Assert.Equal(QueryVocabulary.MaxLimit, page.Items.Count);
        Assert.Equal(QueryVocabulary.MaxLimit + 5, page.TotalMatching);
        Assert.Equal(QueryVocabulary.DefaultLimit, monitor.GetTasks(new TaskQuery { Filter = "capped-" }).Items.Count);
        stop.Cancel();
    }

    [Fact]
    public async Task Without_a_sort_key_the_history_is_newest_first_whatever_descending_says()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Enabled = false } });
        foreach (var name in new[] { "order-b", "order-c", "order-a" })
        {
            await monitor.Run(name, _ => Task.CompletedTask);
        }

        string[] Names(TerminatedQuery query) => [.. monitor.GetTerminated(query with { Filter = "order-" }).Items.Select(t => t.Name)];

        Assert.Equal(["order-a", "order-c", "order-b"], Names(new TerminatedQuery()));
        Assert.Equal(["order-a", "order-c", "order-b"], Names(new TerminatedQuery { Descending = true }));
        Assert.Equal(["order-b", "order-c", "order-a"], Names(new TerminatedQuery { Sort = TerminatedSortKey.Terminated }));
        Assert.Equal(["order-a", "order-c", "order-b"], Names(new TerminatedQuery { Sort = TerminatedSortKey.Terminated, Descending = true }));
    }
}
