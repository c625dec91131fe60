using Taskmon.Hosting;
using Taskmon.Tracking;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
public sealed class KnownOperationsTests
{
    [Fact]
    public void A_name_is_found_by_content_under_the_mode_it_was_made_in_and_another_name_never_takes_its_entry()
    {
        var operations = new KnownOperations();
        var name = "Async: <LoadAsync>d__3";
        var known = new KnownOperation(name, new MachineInfo("LoadAsync", "LoadAsync", false), null, CreationStackMode.PerSite);
        operations.Remember(known);

        // The runtime builds a new string for every begin event.
        Assert.Same(known, operations.Find(string.Concat("Async: <LoadAsync>", "d__3"), CreationStackMode.PerSite));
        Assert.Null(operations.Find(name, CreationStackMode.Always));

        // Same length, same first letter of the method, same last character: same slot, another name.
        Assert.Null(operations.Find("Async: <LoudAsync>d__3", CreationStackMode.PerSite));
        var other = new KnownOperation("Async: <LoudAsync>d__3", new MachineInfo("LoudAsync", "LoudAsync", false), null, CreationStackMode.PerSite);
        operations.Remember(other);
        Assert.Same(other, operations.Find("Async: <LoudAsync>d__3", CreationStackMode.PerSite));
        Assert.Null(operations.Find(name, CreationStackMode.PerSite));
    }
}
