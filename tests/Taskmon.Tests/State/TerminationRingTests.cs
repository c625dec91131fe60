using System.Globalization;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tests.State;

/// <summary>The history ring copies entries into preallocated slots: readers racing writers must never see a mix of two entries.</summary>
[Trait("tier", "fast")]
public sealed class TerminationRingTests
{
    [Fact]
    public void Readers_racing_writers_round_a_small_ring_see_only_whole_entries_newest_first()
    {
        var ring = new TerminationRing(8);
        long next = 0;
        var stop = 0;
        var writers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                ring.Add(Entry(Interlocked.Increment(ref next)));
            }
        })).ToArray();
        foreach (var writer in writers)
        {
            writer.Start();
        }

        var reads = 0;
        var seen = 0L;
        try
        {
            var until = DateTime.UtcNow.AddMilliseconds(300);
            while (DateTime.UtcNow < until || reads < 1000)
            {
                var entries = ring.NewestFirst();
                Assert.InRange(entries.Count, 0, 8);
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    // Every field was written from the same number: a torn copy would mix two.
                    Assert.Equal(entry.Sequence, entry.Id);
                    Assert.Equal(entry.Sequence * 2, entry.ParentId);
                    Assert.Equal(entry.Sequence * 3, entry.BusyTicks);
                    Assert.Equal(entry.Sequence.ToString(CultureInfo.InvariantCulture), entry.Name);
                    Assert.Equal(entry.Name, entry.Method);
                    Assert.True(i == 0 || entries[i - 1].Sequence > entry.Sequence, "newest first");
                    seen++;
                }

                reads++;
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            foreach (var writer in writers)
            {
                writer.Join();
            }
        }

        Assert.True(seen > reads, $"{seen} entries in {reads} reads");
        var final = ring.NewestFirst();
        Assert.Equal(8, final.Count);
        Assert.Equal(Interlocked.Read(ref next), final[0].Sequence);
    }

    [Fact]
    public void A_writer_that_stalled_while_the_ring_came_round_leaves_the_newer_entry_in_its_slot()
    {
        var ring = new TerminationRing(4);
        using var claimed = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        ring.AfterClaim = number =>
        {
            if (number == 1)
            {
                claimed.Set();
                resume.Wait();
            }
        };

        // The first writer claims slot 0 and stalls; four more entries go round the ring, the last into slot 0.
        var stalled = new Thread(() => ring.Add(Entry(1)));
        stalled.Start();
        claimed.Wait();
        for (var n = 2; n <= 5; n++)
        {
            ring.Add(Entry(n));
        }

        resume.Set();
        stalled.Join();
        Assert.Equal([5L, 4L, 3L, 2L], ring.NewestFirst().Select(e => e.Sequence));
    }

    private static TerminatedEntry Entry(long n) => new()
    {
        Sequence = n,
        Id = n,
        ParentId = n * 2,
        BusyTicks = n * 3,
        Name = n.ToString(CultureInfo.InvariantCulture),
        Method = n.ToString(CultureInfo.InvariantCulture),
        Origin = TaskOrigin.Discovered,
        Persistent = false,
        Outcome = TaskOutcome.Completed,
        StartTimestamp = n,
        EndTimestamp = n,
    };
}
