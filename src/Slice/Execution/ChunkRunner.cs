using Slice.IO;
using Slice.Ranges;

namespace Slice.Execution;

/// <summary>
/// Line (one-byte delimiter) tails and lags on a pipe without touching records one by one: input is
/// read straight into <see cref="HeldBytes"/> in chunks whose delimiters are counted as they arrive; the
/// oldest chunk is dropped (tail) or written (lag) as soon as the newer chunks hold enough delimiters to
/// prove it is not needed, and at the end of input the held bytes are scanned backwards where they lie
/// and written from there (no concatenation). Used for step 1 without <c>--max-record-size</c>; memory
/// is the selected records plus one chunk, spilling to a temporary file past the hold budget.
/// </summary>
internal sealed class ChunkRunner : IDisposable
{
    private const int ChunkSize = 1 << 20;
    private readonly Queue<Chunk> _chunks = new();
    private readonly HeldBytes _held = new();
    private readonly Source _source;
    private readonly byte _delimiter;
    private long _delimiters;

    private ChunkRunner(Source source, byte delimiter)
    {
        _source = source;
        _delimiter = delimiter;
    }

    public static bool Applies(RunContext context) =>
        context.Plan.Step == 1 && context.RecordLimit == long.MaxValue && context.Mode.IsDelimited
        && context.Mode.Delimiter.Length == 1 && (context.Plan.Kind == PlanKind.Lag || context.Plan.End is null or { FromEnd: true });

    /// <summary><c>-k:</c> or <c>-k:-m</c>: keep chunks until the newer ones hold k+1 delimiters.</summary>
    public static void Tail(InputBuffer input, RunContext context)
    {
        using ChunkRunner runner = new(input.Source, context.Mode.Delimiter[0]);
        long back = RunContext.Clamp(context.Plan.Start.Value);
        runner.ReadAll(input, back, null);
        long end = context.Plan.End is { } m ? runner.StartOfLast(RunContext.Clamp(m.Value)) : runner._held.End;
        long start = runner.StartOfLast(back);
        if (end > start)
        {
            runner._held.WriteRange(start, end, context.Output);
        }
    }

    /// <summary><c>s:-m</c>: after skipping s records, a chunk goes out once newer chunks hold m+1 delimiters.</summary>
    public static void Lag(InputBuffer input, RunContext context, Scanning.RecordCursor cursor)
    {
        long start = RunContext.Clamp(context.Plan.Start.Value);
        if (cursor.Advance(start, null) < start)
        {
            return;
        }

        using ChunkRunner runner = new(input.Source, context.Mode.Delimiter[0]);
        long back = RunContext.Clamp(context.Plan.End!.Value.Value);
        runner.ReadAll(input, back, context.Output);
        runner._held.WriteRange(runner._held.Start, runner.StartOfLast(back), context.Output);
    }

    public void Dispose() => _held.Dispose();

    /// <summary>Holds the rest of the input, letting go of (and handing to <paramref name="evicted"/>) every
    /// chunk followed by more than <paramref name="back"/> delimiters.</summary>
    private void ReadAll(InputBuffer input, long back, Output? evicted)
    {
        ReadOnlySpan<byte> buffered = input.Available;
        if (!buffered.IsEmpty)
        {
            _held.Append(buffered);
            AddChunk(buffered.Count(_delimiter));
            input.Consume(buffered.Length);
        }

        while (ReadChunk())
        {
            while (_chunks.Count > 1 && _delimiters - _chunks.Peek().Delimiters > back)
            {
                Chunk first = _chunks.Dequeue();
                if (evicted is not null)
                {
                    _held.WriteRange(_held.Start, first.End, evicted);
                }

                _held.DropTo(first.End);
                _delimiters -= first.Delimiters;
            }
        }
    }

    /// <summary>Position of the start of the count-th last record held (the first held position when fewer).</summary>
    private long StartOfLast(long count)
    {
        long position = _held.End;
        for (long i = 0; i < count && position > _held.Start; i++)
        {
            // The record ending at position owns the byte before it (its delimiter, or the last byte of
            // an unterminated final record), so the previous delimiter lies strictly before that.
            long searchEnd = position - 1;
            position = _held.Start;
            while (searchEnd > _held.Start)
            {
                ReadOnlySpan<byte> span = _held.BytesBefore(searchEnd);
                int j = span.LastIndexOf(_delimiter);
                if (j >= 0)
                {
                    position = searchEnd - span.Length + j + 1;
                    break;
                }

                searchEnd -= span.Length;
            }
        }

        return position;
    }

    /// <summary>Reads up to one chunk into the held bytes, counting its delimiters; false at end of input.</summary>
    private bool ReadChunk()
    {
        long chunkStart = _held.End;
        long count = 0;
        while (_held.End - chunkStart < ChunkSize)
        {
            Span<byte> room = _held.AppendSpan();
            int n = _source.Read(room);
            if (n == 0)
            {
                break;
            }

            count += room[..n].Count(_delimiter);
            _held.Commit(n);
        }

        if (_held.End == chunkStart)
        {
            return false;
        }

        AddChunk(count);
        return true;
    }

    private void AddChunk(long delimiters)
    {
        _chunks.Enqueue(new Chunk(_held.End, delimiters));
        _delimiters += delimiters;
    }

    /// <summary>A run of held bytes ending at <paramref name="End"/> with its delimiter count.</summary>
    private readonly record struct Chunk(long End, long Delimiters);
}
