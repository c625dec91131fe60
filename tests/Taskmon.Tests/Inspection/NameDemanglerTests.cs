using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tests.Inspection;

[Trait("tier", "fast")]
public sealed class NameDemanglerTests
{
    [Theory]
    [InlineData("Shop.Orders+<SyncAsync>d__4", "MoveNext", "Shop.Orders.SyncAsync")]
    [InlineData("Shop.Orders+<>c", "<Main>b__0_0", "Shop.Orders.Main(lambda)")]
    [InlineData("Shop.Orders+<>c+<<Main>b__0_0>d", "MoveNext", "Shop.Orders.Main(lambda)")]
    [InlineData("Shop.Orders+<>c__DisplayClass2_0", "<Run>b__1", "Shop.Orders.Run(lambda)")]
    [InlineData("Shop.Orders", "<Main>g__LocalAsync|0_3", "Shop.Orders.Main.LocalAsync")]
    [InlineData("Shop.Orders+<<Main>g__LocalAsync|0_3>d", "MoveNext", "Shop.Orders.Main.LocalAsync")]
    [InlineData("Shop.Cache`1+<GetAsync>d__7[[System.Int32]]", "MoveNext", "Shop.Cache.GetAsync")]
    [InlineData("Shop.Orders", "Save", "Shop.Orders.Save")]
    public void Compiler_generated_names_are_shown_as_the_users_method(string type, string method, string expected) =>
        Assert.Equal(expected, NameDemangler.OfMethod(type, method));

    [Theory]
    [InlineData("<Inner>d__0", "Inner")]
    [InlineData("<<<Main>$>g__Waiter|0_3>d", "Main.Waiter")]
    [InlineData("Plain", "Plain")]
    public void State_machine_names_give_the_method(string machine, string expected) =>
        Assert.Equal(expected, NameDemangler.StateMachineMethod(machine));

    [Theory]
    [InlineData(1L, "t1")]
    [InlineData(35L, "tz")]
    [InlineData(36L, "t10")]
    [InlineData(123456789L, "t21i3v9")]
    public void Trace_ids_are_base_36_with_a_t_and_parse_back(long sequence, string expected)
    {
        Assert.Equal(expected, TraceIds.Format(sequence));
        Assert.True(TraceIds.TryParse(expected.ToUpperInvariant(), out var parsed));
        Assert.Equal(sequence, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("t")]
    [InlineData("12")]
    [InlineData("t1!")]
    public void Malformed_trace_ids_are_refused(string text) => Assert.False(TraceIds.TryParse(text, out _));

    [Theory]
    [InlineData("/src/app/Orders/Sync.cs", "Orders/Sync.cs")]
    [InlineData("/elsewhere/lib/deep/File.cs", "deep/File.cs")]
    [InlineData("File.cs", "File.cs")]
    public void Source_paths_are_shown_relative_to_the_root_or_by_their_last_two_segments(string path, string expected) =>
        Assert.Equal(expected, new SourcePaths("/src/app/").Shorten(path));
}
