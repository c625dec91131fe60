using Taskmon.Terminal;

namespace Taskmon.Tests.Terminal;

[Trait("tier", "fast")]
public sealed class TelnetDecoderTests
{
    private sealed class Recorder : ITelnetHandler
    {
        public List<byte> Data { get; } = [];
        public List<(byte, byte)> Negotiations { get; } = [];
        public List<(byte, byte[])> Subs { get; } = [];
        public List<byte> Commands { get; } = [];

        public void OnData(byte value) => Data.Add(value);
        public void OnNegotiation(byte verb, byte option) => Negotiations.Add((verb, option));
        public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload) => Subs.Add((option, payload.ToArray()));
        public void OnCommand(byte command) => Commands.Add(command);
    }

    [Fact]
    public void Data_passes_through_and_a_doubled_IAC_is_one_data_byte()
    {
        var r = new Recorder();
        new TelnetDecoder().Feed([(byte)'a', 255, 255, (byte)'b'], r);
        Assert.Equal(new byte[] { (byte)'a', 255, (byte)'b' }, r.Data);
    }

    [Fact]
    public void Negotiation_subnegotiation_and_commands_are_separated_from_data_even_one_byte_at_a_time()
    {
        byte[] input = [(byte)'x', 255, 251, 31, 255, 250, 31, 0, 132, 0, 40, 255, 240, 255, 244, (byte)'y'];
        var r = new Recorder();
        var decoder = new TelnetDecoder();
        foreach (var b in input)
        {
            decoder.Feed([b], r);
        }
        Assert.Equal("xy"u8.ToArray(), r.Data);
        Assert.Equal([(Telnet.Will, Telnet.OptionNaws)], r.Negotiations);
        var (option, payload) = Assert.Single(r.Subs);
        Assert.Equal(Telnet.OptionNaws, option);
        Assert.Equal(new byte[] { 0, 132, 0, 40 }, payload);
        Assert.Equal([Telnet.InterruptProcess], r.Commands);
        Assert.True(decoder.SawTelnet);
    }

    [Fact]
    public void An_endless_subnegotiation_is_bounded()
    {
        var r = new Recorder();
        var decoder = new TelnetDecoder();
        decoder.Feed([255, 250, 24], r);
        decoder.Feed(new byte[100_000], r);
        decoder.Feed([255, 240, (byte)'z'], r);
        Assert.Equal(TelnetDecoder.MaxSubnegotiation, Assert.Single(r.Subs).Item2.Length);
        Assert.Equal("z"u8.ToArray(), r.Data);
    }

    [Fact]
    public void A_plain_client_never_looks_like_telnet()
    {
        var r = new Recorder();
        var decoder = new TelnetDecoder();
        decoder.Feed("ps -f worker\n"u8, r);
        Assert.False(decoder.SawTelnet);
        Assert.Equal("ps -f worker\n"u8.ToArray(), r.Data);
    }
}
