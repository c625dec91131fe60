using Slice.IO;
using Slice.Ranges;

namespace Slice.Execution;

/// <summary>
/// Line (one-byte delimiter) tails and lags on a pipe without touching records one by one: input is
/// kept as whole chunks with their delimiter counts, a chunk is dropped (tail) or written (lag) as soon
/// as the newer chunks hold enough delimiters to prove it is not needed, and the end of input is
/// scanned backwards in memory. Used for step 1 without <c>--max-record-size</c>; memory is the
/// selected records plus one chunk.
/// </summary>
internal sealed class ChunkRunner
{
    private const int ChunkSize = 1 << 20;
    private readonly List<Chunk> _chunks = [];
    private readonly Stack<byte[]> _free = new();
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
        ChunkRunner runner = new(input.Source, context.Mode.Delimiter[0]);
        long back = RunContext.Clamp(context.Plan.Start.Value);
        runner.Add(input.Available);
        input.Consume(input.Available.Length);
        while (runner.ReadChunk())
        {
            while (runner._chunks.Count > 1 && runner._delimiters - runner._chunks[0].Delimiters > back)
            {
                runner.DropFirst(null);
            }
        }

        byte[] data = runner.Concatenate();
        long end = context.Plan.End is { } m ? StartOfLast(data, runner._delimiter, RunContext.Clamp(m.Value)) : data.Length;
        long start = StartOfLast(data, runner._delimiter, back);
        if (end > start)
        {
            context.Output.Write(data.AsSpan((int)start, (int)(end - start)));
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

        ChunkRunner runner = new(input.Source, context.Mode.Delimiter[0]);
        long back = RunContext.Clamp(context.Plan.End!.Value.Value);
        runner.Add(input.Available);
        input.Consume(input.Available.Length);
        while (runner.ReadChunk())
        {
            while (runner._chunks.Count > 1 && runner._delimiters - runner._chunks[0].Delimiters > back)
            {
                runner.DropFirst(context.Output);
            }
        }

        byte[] data = runner.Concatenate();
        long end = StartOfLast(data, runner._delimiter, back);
        context.Output.Write(data.AsSpan(0, (int)end));
    }

    /// <summary>Start offset of the k-th last record of data (0 when it has fewer).</summary>
    private static long StartOfLast(byte[] data, byte delimiter, long count)
    {
        int position = data.Length;
        for (long i = 0; i < count && position > 0; i++)
        {
            position = data.AsSpan(0, position - 1).LastIndexOf(delimiter) + 1;
        }

        return position;
    }

    private void Add(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        byte[] buffer = Rent();
        data.CopyTo(buffer);
        Append(buffer, data.Length);
    }

    private bool ReadChunk()
    {
        byte[] buffer = Rent();
        int length = 0;
        while (length < buffer.Length)
        {
            int n = _source.Read(buffer.AsSpan(length));
            if (n == 0)
            {
                break;
            }

            length += n;
        }

        if (length == 0)
        {
            _free.Push(buffer);
            return false;
        }

        Append(buffer, length);
        return true;
    }

    private void Append(byte[] buffer, int length)
    {
        long count = buffer.AsSpan(0, length).Count(_delimiter);
        _chunks.Add(new Chunk(buffer, length, count));
        _delimiters += count;
    }

    private void DropFirst(Output? output)
    {
        Chunk first = _chunks[0];
        output?.Write(first.Buffer.AsSpan(0, first.Length));
        _chunks.RemoveAt(0);
        _delimiters -= first.Delimiters;
        _free.Push(first.Buffer);
    }

    private byte[] Rent() => _free.Count > 0 ? _free.Pop() : new byte[ChunkSize];

    private byte[] Concatenate()
    {
        long total = 0;
        foreach (Chunk chunk in _chunks)
        {
            total += chunk.Length;
        }

        byte[] data = new byte[total];
        int offset = 0;
        foreach (Chunk chunk in _chunks)
        {
            chunk.Buffer.AsSpan(0, chunk.Length).CopyTo(data.AsSpan(offset));
            offset += chunk.Length;
        }

        return data;
    }

    private readonly record struct Chunk(byte[] Buffer, int Length, long Delimiters);
}
