namespace Slice.Tests.Support;

/// <summary>
/// What a run printed when the output is too large to keep (gigabytes of zeros): its length, how many
/// bytes were not zero, and its last bytes.
/// </summary>
public sealed class OutputDigest
{
    private const int TailSize = 64;
    private readonly List<byte> _tail = [];

    public long Length { get; private set; }

    public long NonZero { get; private set; }

    /// <summary>The last (up to 64) bytes.</summary>
    public byte[] Tail => [.. _tail];

    internal async Task ConsumeAsync(Stream stream)
    {
        byte[] buffer = new byte[1 << 20];
        int n;
        while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            Add(buffer.AsSpan(0, n));
        }
    }

    private void Add(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        NonZero += data.Length - data.Count((byte)0);
        ReadOnlySpan<byte> last = data.Length > TailSize ? data[^TailSize..] : data;
        _tail.AddRange(last);
        if (_tail.Count > TailSize)
        {
            _tail.RemoveRange(0, _tail.Count - TailSize);
        }
    }
}
