namespace Taskmon.Cli;

/// <summary>
/// Guards the operator's terminal from the server's byte stream in an interactive session. The
/// server draws its line editor with a few cursor sequences; anything else that could act on the
/// terminal (OSC titles, hyperlinks and clipboard writes, DCS, mode changes, C1 controls) is
/// dropped, whether it comes from a hostile app string or a server that did not clean it.
/// Kept: printable UTF-8, CR, LF, TAB, BS, BEL, and <c>ESC [ digits;digits</c> ending in one of
/// <c>A B C D G H J K</c> (cursor moves, erase line, erase screen).
/// </summary>
internal sealed class TerminalFilter
{
    private const byte Esc = 0x1B;
    private const int MaxParameters = 16;

    private readonly List<byte> _sequence = [];
    private State _state;
    private bool _keep;

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
