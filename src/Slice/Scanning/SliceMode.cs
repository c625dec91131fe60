using Slice.IO;

namespace Slice.Scanning;

/// <summary>The element kind plus what each engine needs to know about it.</summary>
internal sealed class SliceMode
{
    private SliceMode(ModeKind kind, byte[] delimiter)
    {
        Kind = kind;
        Delimiter = delimiter;
    }

    public ModeKind Kind { get; }

    /// <summary>The record terminator for <see cref="ModeKind.Lines"/> and <see cref="ModeKind.Delimiter"/>.</summary>
    public byte[] Delimiter { get; }

    public bool IsDelimited => Kind is ModeKind.Lines or ModeKind.Delimiter;

    /// <summary>The noun <c>--explain</c> uses.</summary>
    public string Unit => Kind switch
    {
        ModeKind.Bytes => "byte",
        ModeKind.Chars => "character",
        ModeKind.Graphemes => "grapheme",
        ModeKind.Delimiter => "part",
        _ => "line",
    };

    /// <summary>Records can be unbounded only here, so only here does <c>--max-record-size</c> apply.</summary>
    public bool RecordLimitApplies => Kind is ModeKind.Lines or ModeKind.Delimiter or ModeKind.Graphemes;

    /// <summary>Whether record starts can be found scanning backwards from any record boundary.</summary>
    public bool CanScanBackward => Kind is ModeKind.Chars or ModeKind.Graphemes || (IsDelimited && Delimiter.Length == 1);

    public static SliceMode Lines { get; } = new(ModeKind.Lines, "\n"u8.ToArray());

    public static SliceMode Bytes { get; } = new(ModeKind.Bytes, []);

    public static SliceMode Chars { get; } = new(ModeKind.Chars, []);

    public static SliceMode Graphemes { get; } = new(ModeKind.Graphemes, []);

    /// <summary>A literal delimiter; the empty one means bytes, as in the reference.</summary>
    public static SliceMode WithDelimiter(byte[] delimiter) =>
        delimiter.Length == 0 ? Bytes : new SliceMode(ModeKind.Delimiter, delimiter);

    public RecordCursor CreateCursor(InputBuffer input) => Kind switch
    {
        ModeKind.Bytes => new ByteCursor(input),
        ModeKind.Chars => new ElementCursor(input, Utf8Segmenter.Instance),
        ModeKind.Graphemes => new ElementCursor(input, GraphemeSegmenter.Instance),
        _ => Delimiter.Length == 1 ? new ByteDelimitedCursor(input, Delimiter[0]) : new DelimitedCursor(input, Delimiter),
    };

    public BackwardScanner CreateBackwardScanner(Source source, long begin, long end, int blockSize) => Kind switch
    {
        ModeKind.Chars => new SegmentBackwardScanner(source, begin, end, blockSize, graphemes: false),
        ModeKind.Graphemes => new SegmentBackwardScanner(source, begin, end, blockSize, graphemes: true),
        _ when CanScanBackward => new DelimitedBackwardScanner(source, begin, end, Delimiter[0], blockSize),
        _ => OffsetListScanner.Build(this, source, begin, end, blockSize),
    };
}
