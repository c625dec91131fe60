namespace Slice.Tests.Support;

/// <summary>
/// What slice must print, computed from the record list: selected records verbatim, and in reverse
/// an unterminated last record's missing delimiter moved to the end of the output.
/// </summary>
public static class SliceModel
{
    public static byte[] Lines(IReadOnlyList<byte[]> contents, bool terminated, RangeCase range)
    {
        List<byte> output = [];
        List<int> picked = PythonSlice.Indices(contents.Count, range.Start, range.End, range.Step);
        bool floats = range.Step < 0 && !terminated && picked.Contains(contents.Count - 1);
        for (int j = 0; j < picked.Count; j++)
        {
            int i = picked[j];
            output.AddRange(contents[i]);
            bool hasNewline = terminated || i < contents.Count - 1;
            if (floats ? j < picked.Count - 1 : hasNewline)
            {
                output.Add((byte)'\n');
            }
        }

        return [.. output];
    }

    public static byte[] Bytes(byte[] input, RangeCase range)
    {
        List<int> picked = PythonSlice.Indices(input.Length, range.Start, range.End, range.Step);
        return [.. picked.Select(i => input[i])];
    }

    public static byte[] Join(IReadOnlyList<byte[]> contents, bool terminated)
    {
        List<byte> all = [];
        for (int i = 0; i < contents.Count; i++)
        {
            all.AddRange(contents[i]);
            if (terminated || i < contents.Count - 1)
            {
                all.Add((byte)'\n');
            }
        }

        return [.. all];
    }
}
