using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Cli;

/// <summary>Collects the data bytes of a telnet stream, dropping negotiation (used by one-shot mode).</summary>
internal sealed class TelnetStripper : ITelnetHandler
{
    private readonly TelnetDecoder _decoder = new();
    private readonly MemoryStream _data = new();

    public long Length => _data.Length;

    public string Text => Encoding.UTF8.GetString(_data.GetBuffer(), 0, (int)_data.Length).Replace("\r\n", "\n", StringComparison.Ordinal);

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
}
