using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tracking;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
public sealed class CallSiteTests
{
    private const string FileA = "/src/app/Orders/OrderService.cs";
    private const string FileB = "/src/app/Billing/InvoiceService.cs";

    [Fact]
    public void Two_sites_sharing_one_slot_each_get_their_own_site_and_per_site_stack()
    {
        // One slot: every site collides with every other.
        var (sites, _) = New(CreationStackMode.PerSite, slots: 1);
        var firstA = FromA(sites, out var stackA);
        var firstB = FromB(sites, out var stackB);
        Assert.Contains(stackA!, f => f.Method.EndsWith(nameof(FromA), StringComparison.Ordinal));
        Assert.Contains(stackB!, f => f.Method.EndsWith(nameof(FromB), StringComparison.Ordinal));

        for (var i = 0; i < 3; i++)
        {
            var a = FromA(sites, out var againA);
            var b = FromB(sites, out var againB);
            Assert.Equal(("RunA", "app/Orders/OrderService.cs", 10), (a.Member, a.File, a.Line));
            Assert.Equal(("RunB", "app/Billing/InvoiceService.cs", 20), (b.Member, b.File, b.Line));
            Assert.Same(firstA, a);
            Assert.Same(firstB, b);
            Assert.Same(stackA, againA);
            Assert.Same(stackB, againB);
        }
    }

    [Fact]
    public void A_hit_needs_the_same_file_line_and_member()
    {
        var (sites, _) = New(CreationStackMode.Off, slots: 1);
        var site = sites.Resolve("RunA", FileA, 10, out _);
        Assert.Equal(11, sites.Resolve("RunA", FileA, 11, out _).Line);
        Assert.Equal("Lambda", sites.Resolve("Lambda", FileA, 10, out _).Member);
        Assert.Equal("app/Billing/InvoiceService.cs", sites.Resolve("RunA", FileB, 10, out _).File);

        // A path that is not the literal (built at run time) misses the slot and still resolves by value.
        var built = string.Concat("/src/app/Orders/", "OrderService.cs");
        Assert.NotSame(FileA, built);
        Assert.Same(site, sites.Resolve("RunA", built, 10, out _));
        Assert.Same(site, sites.Resolve("RunA", FileA, 10, out _));
    }

    [Fact]
    public void Stacks_follow_the_mode_when_it_changes_on_a_cached_site()
    {
        var (sites, stacks) = New(CreationStackMode.Off, slots: CallSites.DefaultSlots);
        FromA(sites, out var none);
        Assert.Null(none);

        stacks.Mode = CreationStackMode.Always;
        FromA(sites, out var first);
        FromA(sites, out var second);
        Assert.NotNull(first);
        Assert.NotSame(first, second);

        stacks.Mode = CreationStackMode.PerSite;
        FromA(sites, out var perSite);
        FromA(sites, out var perSiteAgain);
        Assert.NotNull(perSite);
        Assert.Same(perSite, perSiteAgain);

        stacks.Mode = CreationStackMode.Off;
        FromA(sites, out var off);
        Assert.Null(off);

        stacks.Mode = CreationStackMode.PerSite;
        FromA(sites, out var back);
        Assert.Same(perSite, back);
    }

    private static (CallSites Sites, CreationStacks Stacks) New(CreationStackMode mode, int slots)
    {
        var paths = new SourcePaths("/src");
        var stacks = new CreationStacks(mode, 1, paths);
        return (new CallSites(paths, stacks, slots), stacks);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CreationSite FromA(CallSites sites, out StackFrameInfo[]? stack) => sites.Resolve("RunA", FileA, 10, out stack);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CreationSite FromB(CallSites sites, out StackFrameInfo[]? stack) => sites.Resolve("RunB", FileB, 20, out stack);
}
