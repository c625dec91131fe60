using Slice.IO;
using Slice.Ranges;
using Slice.Scanning;

namespace Slice.Execution;

/// <summary>Everything an engine needs besides its input: what to select, how, and where to.</summary>
internal sealed record RunContext(SlicePlan Plan, SliceMode Mode, Output Output, int BufferSize, long RecordLimit)
{
    /// <summary>Block size for backward scans and positional reads.</summary>
    public int BlockSize => Math.Max(BufferSize, 64 * 1024);

    public static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    public static long CeilDiv(long value, long divisor) => (value / divisor) + (value % divisor == 0 ? 0 : 1);
}
