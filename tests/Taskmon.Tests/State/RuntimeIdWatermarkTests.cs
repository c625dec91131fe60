using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tests.State;

/// <summary>
/// The runtime's task ids come from one counter: until it wraps, an id above every id a record was indexed under is
/// nobody's, and Full discovery's callback and drain skip the shared-id lookups for it.
/// </summary>
[Trait("tier", "fast")]
public sealed class RuntimeIdWatermarkTests
{
    [Fact]
    public void An_id_is_new_only_above_every_id_indexed_so_far_and_never_at_or_below_zero()
    {
        var registry = new TaskRegistry(100);
        Assert.True(registry.IsNewId(1));
        Assert.False(registry.IsNewId(0));
        Assert.False(registry.IsNewId(-5));

        var record = registry.TryAdd(TaskOrigin.Discovered, "probe")!;
        registry.Index(500, record);
        Assert.False(registry.IsNewId(500));
        Assert.False(registry.IsNewId(17));
        Assert.True(registry.IsNewId(501));

        // Raised only upwards: a lower id indexed later (after a wrap) leaves it where it was.
        registry.Index(900, registry.TryAdd(TaskOrigin.Discovered, "newest")!);
        registry.Index(3, registry.TryAdd(TaskOrigin.Discovered, "after a wrap")!);
        Assert.False(registry.IsNewId(900));
        Assert.True(registry.IsNewId(901));
        Assert.False(registry.IsNewId(4));
    }

    [Fact]
    public void Shared_ids_are_flagged_once_a_record_shadows_a_live_one()
    {
        var registry = new TaskRegistry(100);
        var older = registry.TryAdd(TaskOrigin.Discovered, "older")!;
        registry.Index(42, older);
        Assert.False(registry.SharedIdsSeen);

        var newer = registry.TryAdd(TaskOrigin.Discovered, "newer")!;
        registry.Index(42, newer, registry.ByTplId(42));
        Assert.True(registry.SharedIdsSeen);
        Assert.Same(older, newer.Shadowed);
    }
}
