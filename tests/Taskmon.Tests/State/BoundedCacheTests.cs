using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.State;
using Taskmon.Tests.Support;
using Taskmon.Tracking;

namespace Taskmon.Tests.State;

// In the monitor collection although it starts no monitor, so it never runs beside other tests: filling the creation
// stack cache holds megabytes for a moment, which would skew the process-wide memory checks of the fuzz tests.
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class BoundedCacheTests
{
    [Fact]
    public void A_full_cache_keeps_its_bound_and_computes_unkept_keys_on_every_call()
    {
        var cache = new BoundedCache<int, string>(100);
        var computed = 0;
        string Create(int key)
        {
            computed++;
            return $"v{key}";
        }

        for (var key = 0; key < 1000; key++)
        {
            Assert.Equal($"v{key}", cache.GetOrAdd(key, Create));
        }

        Assert.Equal(100, cache.Count);
        Assert.Equal(1000, computed);
        Assert.Equal("v5", cache.GetOrAdd(5, Create));
        Assert.Equal(1000, computed);
        Assert.Equal("v500", cache.GetOrAdd(500, Create));
        Assert.Equal(1001, computed);
    }

    [Fact]
    public void Threads_racing_for_the_same_keys_do_not_eat_the_bound_and_distinct_keys_overshoot_it_by_at_most_one_per_thread()
    {
        const int Threads = 4;
        var shared = new BoundedCache<int, int>(100);
        Parallel.For(0, Threads * 20_000, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i => shared.GetOrAdd(i % 50, static k => k));
        Assert.Equal(50, shared.Count);
        for (var key = 50; key < 500; key++)
        {
            shared.GetOrAdd(key, static k => k);
        }

        Assert.Equal(100, shared.Count);

        var distinct = new BoundedCache<int, int>(1000);
        Parallel.For(0, 100_000, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i => distinct.GetOrAdd(i, static k => k));
        Assert.InRange(distinct.Count, 1000, 1000 + Threads);
    }

    [Fact]
    public void Per_site_creation_stacks_stop_at_their_site_bound_and_keep_serving_the_sites_they_hold()
    {
        var stacks = new CreationStacks(CreationStackMode.PerSite, 1, new SourcePaths(AppContext.BaseDirectory));
        var first = stacks.For("Site.cs", 1);
        Assert.NotNull(first);
        for (var line = 2; line <= CreationStacks.MaxSites + 100; line++)
        {
            var stack = stacks.For("Site.cs", line);
            Assert.Equal(line <= CreationStacks.MaxSites, stack is not null);
        }

        Assert.Equal(CreationStacks.MaxSites, stacks.SiteCount);
        Assert.Same(first, stacks.For("Site.cs", 1));
    }
}
