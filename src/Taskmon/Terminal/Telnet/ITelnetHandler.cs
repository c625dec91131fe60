namespace Taskmon.Terminal;

/// <summary>Receives what <see cref="TelnetDecoder"/> finds in the byte stream.</summary>
internal interface ITelnetHandler
{
    /// <summary>A data byte (IAC IAC already unescaped).</summary>
    void OnData(byte value);

    /// <summary>WILL/WONT/DO/DONT for an option.</summary>
    void OnNegotiation(byte verb, byte option);

    /// <summary>A complete subnegotiation (IAC SB option ... IAC SE), payload unescaped and bounded.</summary>
    void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload);

    /// <summary>A two-byte command such as IAC IP (interrupt) or IAC AYT.</summary>
    void OnCommand(byte command);
}
