using Slice.IO;
using Slice.Ranges;
using Slice.Scanning;

namespace Slice.Execution;

/// <summary>Everything an engine needs besides its input: what to select, how, and where to.</summary>
internal sealed record RunContext(SlicePlan Plan, SliceMode Mode, Output Output, int BufferSize, long RecordLimit)
{
    /// <summary>Block size for backward scans and positional reads.</summary>
    public int BlockSize => Math.Max(BufferSize, 64 * 1024);

    /// <summary>A backward scanner over [begin, end) of a seekable source that enforces <c>--max-record-size</c>
    /// on the records it passes, in the modes where the limit applies.</summary>
    public BackwardScanner CreateBackwardScanner(Source source, long begin, long end)
    {
        BackwardScanner scanner = Mode.CreateBackwardScanner(source, begin, end, BlockSize);
        if (Mode.RecordLimitApplies)
        {
            scanner.RecordLimit = RecordLimit;
        }

        return scanner;
    }

    public static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    public static long CeilDiv(long value, long divisor) => (value / divisor) + (value % divisor == 0 ? 0 : 1);
}
