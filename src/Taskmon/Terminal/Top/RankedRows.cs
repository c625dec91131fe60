using Taskmon.Streaming;

namespace Taskmon.Terminal;

/// <summary>
/// The rows a <c>top</c> shows, in sort order, put in order only as far as someone looks: a screen of 50 rows needs
/// the first 50, so a frame costs one pass over the rows to take their keys and a partial selection (quickselect),
/// not a sort of all 10,000. Further rows are ranked on demand (scrolling, the selected row, <c>--batch</c> ranks all).
/// The key array is kept between frames (no allocation per frame once it is large enough). Not thread-safe.
/// </summary>
internal sealed class RankedRows
{
    private SortKey[] _keys = [];
    private int _count;

    // _keys[0.._ranked) are the first rows in order; every row after them sorts after all of them.
    private int _ranked;

    /// <summary>How many rows matched.</summary>
    public int Count => _count;

    /// <summary>The row at <paramref name="index"/> in sort order (0 is the first).</summary>
    public WatchRow this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            Rank(index + 1);
            return _keys[index].Row;
        }
    }

    /// <summary>Takes the rows that match <paramref name="filter"/>, to be ordered by <paramref name="column"/> (an index into <see cref="TopTable.Columns"/>), ties by id.</summary>
    public void Reset(Dictionary<long, WatchRow>.ValueCollection rows, string? filter, bool persistentOnly, int column, bool descending)
    {
        var old = _count;
        _count = 0;
        _ranked = 0;
        if (_keys.Length < rows.Count)
        {
            _keys = new SortKey[Math.Max(rows.Count, _keys.Length * 2)];
        }

        foreach (var row in rows)
        {
            if (TopTable.Matches(row, filter, persistentOnly))
            {
                _keys[_count++] = SortKey.Of(row, column, descending);
            }
        }

        if (old > _count)
        {
            Array.Clear(_keys, _count, old - _count); // no ended row stays reachable from here
        }
    }

    /// <summary>Every row, in order.</summary>
    public WatchRow[] ToArray()
    {
        Rank(_count);
        var rows = new WatchRow[_count];
        for (var i = 0; i < _count; i++)
        {
            rows[i] = _keys[i].Row;
        }

        return rows;
    }

    /// <summary>The position of task <paramref name="id"/> in sort order, or -1 when it is not among the rows.</summary>
    public int IndexOf(long id)
    {
        for (var i = 0; i < _ranked; i++)
        {
            if (_keys[i].Row.Id == id)
            {
                return i;
            }
        }

        var at = -1;
        for (var i = _ranked; i < _count; i++)
        {
            if (_keys[i].Row.Id == id)
            {
                at = i;
                break;
            }
        }

        if (at < 0)
        {
            return -1;
        }

        // Its rank is the ranked prefix plus the unranked rows that sort before it.
        var key = _keys[at];
        var rank = _ranked;
        for (var i = _ranked; i < _count; i++)
        {
            if (_keys[i].CompareTo(key) < 0)
            {
                rank++;
            }
        }

        Rank(rank + 1);
        return rank;
    }

    /// <summary>Puts the first <paramref name="n"/> rows in order.</summary>
    public void Rank(int n)
    {
        n = Math.Min(n, _count);
        if (n <= _ranked)
        {
            return;
        }

        var rest = _keys.AsSpan(_ranked, _count - _ranked);
        var wanted = n - _ranked;
        if (wanted * 8 >= rest.Length)
        {
            rest.Sort(); // most of what is left: a sort is as cheap
            _ranked = _count;
            return;
        }

        Select(rest, wanted);
        rest[..wanted].Sort();
        _ranked = n;
    }

    /// <summary>Quickselect: moves the <paramref name="k"/> smallest keys of <paramref name="keys"/> to its front, in no order.</summary>
    private static void Select(Span<SortKey> keys, int k)
    {
        int low = 0, high = keys.Length - 1;
        while (low < high)
        {
            // Median of three as the pivot: already-ordered input (ids, ties) does not degrade it.
            var mid = low + ((high - low) / 2);
            if (keys[mid].CompareTo(keys[low]) < 0)
            {
                (keys[mid], keys[low]) = (keys[low], keys[mid]);
            }

            if (keys[high].CompareTo(keys[low]) < 0)
            {
                (keys[high], keys[low]) = (keys[low], keys[high]);
            }

            if (keys[high].CompareTo(keys[mid]) < 0)
            {
                (keys[high], keys[mid]) = (keys[mid], keys[high]);
            }

            var pivot = keys[mid];
            int i = low, j = high;
            while (i <= j)
            {
                while (keys[i].CompareTo(pivot) < 0)
                {
                    i++;
                }

                while (keys[j].CompareTo(pivot) > 0)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            // keys[low..j] <= pivot <= keys[i..high]; anything between equals the pivot.
            if (k - 1 <= j)
            {
                high = j;
            }
            else if (k - 1 >= i)
            {
                low = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>A row's key for one column, taken once (no delegate per comparison); ties go by id, so the order is total.</summary>
    private readonly record struct SortKey(double Key, string? Text, WatchRow Row, bool Descending) : IComparable<SortKey>
    {
        public static SortKey Of(WatchRow row, int column, bool descending) => column switch
        {
            1 => new SortKey((int)row.State, null, row, descending),
            2 => new SortKey(0, row.Name, row, descending),
            3 => new SortKey(0, row.Method, row, descending),
            4 => new SortKey(-row.StartedAt.UtcTicks, null, row, descending), // older = larger age
            5 => new SortKey(row.BusyTime.Ticks, null, row, descending),
            6 => new SortKey(row.BusyPercent, null, row, descending),
            7 => new SortKey(row.Resumptions, null, row, descending),
            8 => new SortKey(row.LongestRun.Ticks, null, row, descending),
            _ => new SortKey(row.Id, null, row, descending),
        };

        public int CompareTo(SortKey other)
        {
            var c = Text is null ? Key.CompareTo(other.Key) : string.CompareOrdinal(Text, other.Text);
            return c != 0 ? (Descending ? -c : c) : Row.Id.CompareTo(other.Row.Id);
        }
    }
}
