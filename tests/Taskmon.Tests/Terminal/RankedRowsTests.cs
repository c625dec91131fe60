using Taskmon.Inspection;
using Taskmon.Streaming;
using Taskmon.Terminal;

namespace Taskmon.Tests.Terminal;

/// <summary>
/// <see cref="RankedRows"/> ranks only the first rows a screen needs: whatever it is asked, in whatever order, it must
/// answer exactly what a full sort answers (checked against one, on random rows with many ties, every column).
/// </summary>
[Trait("tier", "fast")]
public sealed class RankedRowsTests
{
    private static readonly string[] Names = ["alpha", "beta", "gamma", "Beta", "delta", "é", ""];

    public static TheoryData<int, bool> Columns()
    {
        var data = new TheoryData<int, bool>();
        for (var column = 0; column < TopTable.Columns.Length; column++)
        {
            data.Add(column, true);
            data.Add(column, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void Any_prefix_position_and_the_whole_order_match_a_full_sort(int column, bool descending)
    {
        var random = new Random(column * 2 + (descending ? 1 : 0));
        var rows = RandomRows(random, 3_000);
        var expected = rows.Values.OrderBy(r => r, new Reference(column, descending)).ToList();
        var ranked = new RankedRows();

        // Screens of various heights, scrolled, then rows looked up by id (anywhere), then everything.
        foreach (var screen in new[] { 1, 50, 7, 400, 2_999, 3_000 })
        {
            ranked.Reset(rows.Values, filter: null, persistentOnly: false, column, descending);
            ranked.Rank(screen);
            for (var i = 0; i < screen; i++)
            {
                Assert.Equal(expected[i].Id, ranked[i].Id);
            }
        }

        ranked.Reset(rows.Values, filter: null, persistentOnly: false, column, descending);
        foreach (var at in new[] { 2_500, 3, 1_200, 0, 2_999 })
        {
            Assert.Equal(at, ranked.IndexOf(expected[at].Id));
            Assert.Equal(expected[at].Id, ranked[at].Id);
        }

        Assert.Equal(-1, ranked.IndexOf(-5));
        Assert.Equal(expected.Select(r => r.Id), ranked.ToArray().Select(r => r.Id));
    }

    [Fact]
    public void The_filter_and_persistent_only_drop_rows_and_a_smaller_frame_leaves_no_stale_row()
    {
        var random = new Random(7);
        var rows = RandomRows(random, 1_000);
        var ranked = new RankedRows();
        ranked.Reset(rows.Values, "beta", persistentOnly: true, column: 0, descending: false);
        var expected = rows.Values.Where(r => r.Persistent && r.Name.Contains("beta", StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.Id).Select(r => r.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, ranked.ToArray().Select(r => r.Id));

        var fewer = RandomRows(random, 10);
        ranked.Reset(fewer.Values, filter: null, persistentOnly: false, column: 0, descending: false);
        Assert.Equal(10, ranked.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ranked[10]);
    }

    private static Dictionary<long, WatchRow> RandomRows(Random random, int count)
    {
        var rows = new Dictionary<long, WatchRow>();
        var start = DateTimeOffset.UtcNow;
        while (rows.Count < count)
        {
            var id = random.NextInt64(1, 1_000_000);
            rows[id] = new WatchRow
            {
                Id = id,
                Name = Names[random.Next(Names.Length)] + (random.Next(3) == 0 ? "" : random.Next(20).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Method = "M" + random.Next(5),
                Origin = TaskOrigin.Explicit,
                State = (TaskState)random.Next(3),
                StartedAt = start.AddSeconds(-random.Next(10)),
                Persistent = random.Next(2) == 0,
                BusyTime = TimeSpan.FromMilliseconds(random.Next(5)),
                BusyPercent = random.Next(4) == 0 ? random.Next(100) / 10.0 : 0, // mostly ties, as in a quiet app
                Resumptions = random.Next(4),
                LongestRun = TimeSpan.FromMilliseconds(random.Next(3)),
                IsBlocking = false,
            };
        }

        return rows;
    }

    /// <summary>The order top promises, written plainly: the column's value (largest first when descending), then the id.</summary>
    private sealed class Reference(int column, bool descending) : IComparer<WatchRow>
    {
        public int Compare(WatchRow? x, WatchRow? y)
        {
            var c = column switch
            {
                1 => ((int)x!.State).CompareTo((int)y!.State),
                2 => string.CompareOrdinal(x!.Name, y!.Name),
                3 => string.CompareOrdinal(x!.Method, y!.Method),
                4 => y!.StartedAt.CompareTo(x!.StartedAt),
                5 => x!.BusyTime.CompareTo(y!.BusyTime),
                6 => x!.BusyPercent.CompareTo(y!.BusyPercent),
                7 => x!.Resumptions.CompareTo(y!.Resumptions),
                8 => x!.LongestRun.CompareTo(y!.LongestRun),
                _ => x!.Id.CompareTo(y!.Id),
            };
            return c != 0 ? (descending ? -c : c) : x.Id.CompareTo(y.Id);
        }
    }
}
