using Slice.IO;

namespace Slice.Execution;

/// <summary>
/// The bytes a tail or lag on a pipe must hold back, first in first out, addressed by stream position
/// (a long: no size limit but the disk). In memory they sit in 1 MiB blocks that are filled once, read
/// in place and recycled, never concatenated or regrown, so memory is the held bytes plus one block.
/// Past a memory budget everything held moves to an already-unlinked temporary file (as the reverse
/// spill does) and later bytes are appended there; dropped bytes give their disk space back
/// (FALLOC_FL_PUNCH_HOLE, where the file system has it).
/// </summary>
internal sealed class HeldBytes : IDisposable
{
    public const int BlockSize = 1 << 20;
    private const long MaxBudget = 1L << 30;
    private const long PunchGranularity = 16L << 20;
    private readonly List<byte[]> _blocks = []; // block i holds positions [_base + i * BlockSize, …)
    private byte[]? _spare;
    private long _base;
    private long _budget = -1;
    private Source? _file; // spilled: position p is at file offset p - _fileBase
    private Output? _fileWriter;
    private long _fileBase;
    private long _punched;
    private byte[]? _staging;
    private byte[]? _readCache;
    private long _cacheStart;
    private long _cacheEnd;

    /// <summary>Position of the oldest held byte.</summary>
    public long Start { get; private set; }

    /// <summary>Position after the newest held byte (every byte ever appended).</summary>
    public long End { get; private set; }

    public long Length => End - Start;

    /// <summary>Whether the held bytes live in the temporary file.</summary>
    public bool Spilled => _file is not null;

    /// <summary>
    /// In memory: a quarter of what the GC may use, at most 1 GiB; beyond it the held bytes spill.
    /// SLICE_HOLD_BUDGET (bytes) overrides it, so tests can reach the spill without gigabytes.
    /// </summary>
    private long Budget
    {
        get
        {
            if (_budget < 0)
            {
                long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
                _budget = Environment.GetEnvironmentVariable("SLICE_HOLD_BUDGET") is { } text && long.TryParse(text, out long forced) && forced > 0
                    ? forced
                    : available > 0 ? Math.Min(MaxBudget, available / 4) : MaxBudget;
            }

            return _budget;
        }
    }

    /// <summary>Room to read the next bytes into (never empty); <see cref="Commit"/> says how many arrived.</summary>
    public Span<byte> AppendSpan()
    {
        if (_file is not null)
        {
            return _staging ??= GC.AllocateUninitializedArray<byte>(BlockSize);
        }

        long used = End - _base - ((long)(_blocks.Count - 1) * BlockSize);
        if (_blocks.Count == 0 || used == BlockSize)
        {
            if (Length + BlockSize > Budget)
            {
                SpillToFile();
                return AppendSpan();
            }

            _blocks.Add(_spare ?? GC.AllocateUninitializedArray<byte>(BlockSize)); // only appended bytes are read
            _spare = null;
            used = 0;
        }

        return _blocks[^1].AsSpan((int)used);
    }

    /// <summary>The first <paramref name="count"/> bytes of the last <see cref="AppendSpan"/> are held now.</summary>
    public void Commit(int count)
    {
        if (_file is not null)
        {
            _fileWriter!.Write(_staging.AsSpan(0, count));
        }

        End += count;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_file is not null)
        {
            _fileWriter!.Write(data); // buffered: a record queue appends record by record
            End += data.Length;
            return;
        }

        while (!data.IsEmpty)
        {
            Span<byte> room = AppendSpan();
            int n = Math.Min(room.Length, data.Length);
            data[..n].CopyTo(room);
            Commit(n);
            data = data[n..];
        }
    }

    /// <summary>Forgets every byte before <paramref name="position"/>.</summary>
    public void DropTo(long position)
    {
        if (position <= Start)
        {
            return;
        }

        Start = Math.Min(position, End);
        if (_file is not null)
        {
            long whole = (Start - _fileBase) / PunchGranularity * PunchGranularity;
            if (whole > _punched)
            {
                _fileWriter!.Flush();
                // Best effort: a file system without hole punching keeps the space until exit.
                _ = Native.Fallocate(_file.Fd, Native.FallocPunchHole | Native.FallocKeepSize, _punched, whole - _punched);
                _punched = whole;
            }

            return;
        }

        int released = 0;
        while (released < _blocks.Count && _base + BlockSize <= Start)
        {
            _spare ??= _blocks[released];
            _base += BlockSize;
            released++;
        }

        _blocks.RemoveRange(0, released);
    }

    /// <summary>Writes held positions [from, to) to the sink: in place from memory, with sendfile once spilled.</summary>
    public void WriteRange(long from, long to, ISink sink)
    {
        if (_file is not null && sink is Output output)
        {
            _fileWriter!.Flush();
            output.CopyFrom(_file, from - _fileBase, to - from);
            return;
        }

        while (from < to)
        {
            ReadOnlySpan<byte> span = BytesAt(from);
            int n = (int)Math.Min(span.Length, to - from);
            sink.Write(span[..n]);
            from += n;
        }
    }

    /// <summary>The held bytes from <paramref name="position"/> on, as far as one block reaches (never empty).</summary>
    public ReadOnlySpan<byte> BytesAt(long position)
    {
        if (_file is null)
        {
            long relative = position - _base;
            int offset = (int)(relative % BlockSize);
            return _blocks[(int)(relative / BlockSize)].AsSpan(offset, (int)Math.Min(BlockSize - offset, End - position));
        }

        if (position < _cacheStart || position >= _cacheEnd)
        {
            Cache(position, Math.Min(End, position + BlockSize));
        }

        return _readCache.AsSpan((int)(position - _cacheStart), (int)(_cacheEnd - position));
    }

    /// <summary>The held bytes just before <paramref name="position"/>, as far back as one block reaches (never empty).</summary>
    public ReadOnlySpan<byte> BytesBefore(long position)
    {
        if (_file is null)
        {
            long relative = position - 1 - _base;
            long blockStart = _base + (relative / BlockSize * BlockSize);
            long start = Math.Max(blockStart, Start);
            return _blocks[(int)(relative / BlockSize)].AsSpan((int)(start - blockStart), (int)(position - start));
        }

        if (position <= _cacheStart || position > _cacheEnd)
        {
            Cache(Math.Max(Start, position - BlockSize), position);
        }

        long from = Math.Max(_cacheStart, Start);
        return _readCache.AsSpan((int)(from - _cacheStart), (int)(position - from));
    }

    public void Dispose() => _file?.Dispose();

    private void Cache(long start, long end)
    {
        _readCache ??= GC.AllocateUninitializedArray<byte>(BlockSize);
        _fileWriter!.Flush();
        _file!.ReadExactly(start - _fileBase, _readCache.AsSpan(0, (int)(end - start)));
        _cacheStart = start;
        _cacheEnd = end;
    }

    private void SpillToFile()
    {
        int fd = Spill.CreateTemporaryFile();
        Source file = Source.Adopt(fd);
        Output writer = new(fd, BlockSize); // flushed before anything reads the file back
        WriteRange(Start, End, writer);
        writer.Flush();
        _file = file;
        _fileWriter = writer;
        _fileBase = Start;
        _blocks.Clear();
        _spare = null;
    }
}
