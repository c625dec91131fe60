namespace Slice.Tests.Support;

/// <summary>
/// The oracle: Python's <c>seq[start:end:step]</c> over a list (slice.indices semantics), written
/// from the Python reference, independent of slice's own range code.
/// </summary>
public static class PythonSlice
{
    public static List<int> Indices(int length, long? start, long? end, long step)
    {
        if (step == 0)
        {
            throw new ArgumentException("step 0", nameof(step));
        }

        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? length - 1 : length;
        long s = start is { } a ? Clamp(a < 0 ? a + length : a, lower, upper) : (step < 0 ? upper : lower);
        long e = end is { } b ? Clamp(b < 0 ? b + length : b, lower, upper) : (step < 0 ? lower : upper);
        List<int> result = [];
        if (step > 0)
        {
            for (long i = s; i < e; i += step)
            {
                result.Add((int)i);
            }
        }
        else
        {
            for (long i = s; i > e; i += step)
            {
                result.Add((int)i);
            }
        }

        return result;
    }

    private static long Clamp(long value, long lower, long upper) => Math.Max(lower, Math.Min(upper, value));
}
