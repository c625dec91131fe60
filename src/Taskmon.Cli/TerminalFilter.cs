namespace Taskmon.Cli;

/// <summary>
/// Guards the operator's terminal from the server's byte stream in an interactive session. The
/// server draws its line editor with a few cursor sequences; anything else that could act on the
/// terminal (OSC titles, hyperlinks and clipboard writes, DCS, mode changes, C1 controls) is
/// dropped, whether it comes from a hostile app string or a server that did not clean it.
/// Kept: printable UTF-8, CR, LF, TAB, BS, BEL, <c>ESC [ digits;digits</c> ending in one of
/// <c>A B C D G H J K</c> (cursor moves, erase line, erase screen), and what <c>top</c> draws with:
/// the alternate screen and cursor visibility (<c>ESC [ ? 1049 h/l</c>, <c>ESC [ ? 25 h/l</c>) and
/// reverse video on and off (<c>ESC [ 7 m</c>, <c>ESC [ 0 m</c>, <c>ESC [ m</c>). Whether the alternate
/// screen or a hidden cursor is in effect is tracked, so the client can give the terminal back.
/// </summary>
internal sealed class TerminalFilter
{
    private const byte Esc = 0x1B;
    private const int MaxParameters = 16;

    private readonly List<byte> _sequence = [];
    private State _state;
    private bool _keep;

    /// <summary>The server switched to the alternate screen and has not switched back.</summary>
    public bool AlternateScreen { get; private set; }

    /// <summary>The server hid the cursor and has not shown it again.</summary>
    public bool CursorHidden { get; private set; }

    /// <summary>What puts the terminal back when the session ends inside a full-screen view.</summary>
    public string Restore => (CursorHidden ? "\x1b[?25h" : "") + (AlternateScreen ? "\x1b[?1049l" : "");

    private enum State
    {
        Text,
        Escape,      // after ESC
        Csi,         // after ESC [
        String,      // inside OSC/DCS/SOS/PM/APC: swallowed until BEL or ESC \
        StringEscape, // ESC inside a string
        C2,          // after 0xC2, the lead byte of U+0080..U+00BF
    }

    /// <summary>Appends the safe bytes of <paramref name="value"/> to <paramref name="output"/>.</summary>
    public void Feed(byte value, Stream output)
    {
        switch (_state)
        {
            case State.Text:
                Text(value, output);
                break;
            case State.Escape:
                if (value == (byte)'[')
                {
                    _sequence.Clear();
                    _keep = true;
                    _state = State.Csi;
                }
                else
                {
                    // ] P X ^ _ open strings that run to a terminator; any other ESC x is dropped alone.
                    _state = value is (byte)']' or (byte)'P' or (byte)'X' or (byte)'^' or (byte)'_' ? State.String : State.Text;
                }
                break;
            case State.Csi:
                Csi(value, output);
                break;
            case State.String:
                if (value == 0x07)
                {
                    _state = State.Text;
                }
                else if (value == Esc)
                {
                    _state = State.StringEscape;
                }
                break;
            case State.StringEscape:
                _state = value == (byte)'\\' ? State.Text : State.String;
                break;
            case State.C2:
                _state = State.Text;
                if (value is >= 0xA0 and <= 0xBF)
                {
                    output.WriteByte(0xC2);
                    output.WriteByte(value);
                }
                // U+0080..U+009F are C1 controls (0x9B is CSI in some terminals): dropped.
                break;
        }
    }

    /// <summary>CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, then one final byte 0x40-0x7E.</summary>
    private void Csi(byte value, Stream output)
    {
        if (value is >= 0x20 and <= 0x3F)
        {
            // Only plain numeric parameters are kept; "?" private modes, intermediates or overlong lists are not.
            _keep &= value is >= (byte)'0' and <= (byte)'9' or (byte)';' && _sequence.Count < MaxParameters;
            _sequence.Add(value);
            return;
        }
        _state = State.Text;
        if (value is < 0x40 or > 0x7E)
        {
            return; // not a sequence at all: drop what was read
        }
        if (Mode(value, output))
        {
            return;
        }
        if (_keep && value is (byte)'A' or (byte)'B' or (byte)'C' or (byte)'D' or (byte)'G' or (byte)'H' or (byte)'J' or (byte)'K')
        {
            output.WriteByte(Esc);
            output.WriteByte((byte)'[');
            foreach (var b in _sequence)
            {
                output.WriteByte(b);
            }
            output.WriteByte(value);
        }
    }

    /// <summary>The few private modes and SGR codes top needs; true when the sequence was one of them.</summary>
    private bool Mode(byte final, Stream output)
    {
        if (_sequence.Count > 5 || final is not ((byte)'h' or (byte)'l' or (byte)'m'))
        {
            return false;
        }
        var parameters = System.Text.Encoding.ASCII.GetString([.. _sequence]);
        switch (parameters, (char)final)
        {
            case ("?1049", 'h'):
                AlternateScreen = true;
                break;
            case ("?1049", 'l'):
                AlternateScreen = false;
                break;
            case ("?25", 'l'):
                CursorHidden = true;
                break;
            case ("?25", 'h'):
                CursorHidden = false;
                break;
            case ("" or "0" or "7", 'm'):
                break;
            default:
                return false;
        }
        output.WriteByte(Esc);
        output.WriteByte((byte)'[');
        output.Write(System.Text.Encoding.ASCII.GetBytes(parameters));
        output.WriteByte(final);
        return true;
    }

    private void Text(byte value, Stream output)
    {
        if (value == Esc)
        {
            _state = State.Escape;
        }
        else if (value == 0xC2)
        {
            _state = State.C2;
        }
        else if (value >= 0x20 && value != 0x7F || value is (byte)'\r' or (byte)'\n' or (byte)'\t' or 0x08 or 0x07)
        {
            output.WriteByte(value);
        }
    }
}
