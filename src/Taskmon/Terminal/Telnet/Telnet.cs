namespace Taskmon.Terminal;

/// <summary>Telnet protocol bytes (RFC 854/855) and the options the server speaks.</summary>
internal static class Telnet
{
    public const byte Se = 240;
    public const byte Nop = 241;
    public const byte DataMark = 242;
    public const byte Break = 243;
    public const byte InterruptProcess = 244;
    public const byte AbortOutput = 245;
    public const byte AreYouThere = 246;
    public const byte EraseCharacter = 247;
    public const byte EraseLine = 248;
    public const byte GoAhead = 249;
    public const byte Sb = 250;
    public const byte Will = 251;
    public const byte Wont = 252;
    public const byte Do = 253;
    public const byte Dont = 254;
    public const byte Iac = 255;

    public const byte OptionEcho = 1;
    public const byte OptionSuppressGoAhead = 3;
    public const byte OptionTerminalType = 24;
    public const byte OptionNaws = 31;
    public const byte OptionLinemode = 34;

    public const byte TerminalTypeIs = 0;
    public const byte TerminalTypeSend = 1;

    /// <summary>What the server sends first: WILL ECHO, WILL SGA, DO NAWS.</summary>
    public static ReadOnlySpan<byte> Opening =>
    [
        Iac, Will, OptionEcho,
        Iac, Will, OptionSuppressGoAhead,
        Iac, Do, OptionNaws,
    ];
}
