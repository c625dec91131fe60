using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Cli;

/// <summary>Collects the data bytes of a telnet stream, dropping negotiation, and hands them out line by line (one-shot mode).</summary>
internal sealed class TelnetStripper : ITelnetHandler
{
    private readonly TelnetDecoder _decoder = new();
    private readonly MemoryStream _data = new();

    public long Length => _data.Length;

    /// <summary>What is held: the data not yet taken by <see cref="TakeLines"/> (CR LF as LF).</summary>
    public string Text => Decode(0, (int)_data.Length);

    /// <summary>
    /// Takes the data up to its last line feed (decoded, CR LF as LF), or "" when no line is complete yet; the
    /// rest stays (a UTF-8 character or CR LF is never cut: a line feed is never part of one).
    /// </summary>
    public string TakeLines()
    {
        var length = (int)_data.Length;
        var buffer = _data.GetBuffer();
        var end = buffer.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
        if (end == 0)
        {
            return "";
        }

        var lines = Decode(0, end);
        Buffer.BlockCopy(buffer, end, buffer, 0, length - end);
        _data.SetLength(length - end);
        _data.Position = length - end;
        return lines;
    }

    public void Feed(ReadOnlySpan<byte> bytes) => _decoder.Feed(bytes, this);

    public void OnData(byte value) => _data.WriteByte(value);

    public void OnNegotiation(byte verb, byte option)
    {
    }

    public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload)
    {
    }

    public void OnCommand(byte command)
    {
    }

    private string Decode(int start, int end) =>
        Encoding.UTF8.GetString(_data.GetBuffer(), start, end - start).Replace("\r\n", "\n", StringComparison.Ordinal);
}
