namespace Taskmon.Terminal;

/// <summary>How a client talks: not known yet, a telnet client in character mode, or plain lines.</summary>
internal enum SessionMode
{
    Unknown,
    Telnet,
    Plain,
}
