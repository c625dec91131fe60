using System.Text;

namespace Taskmon.Terminal;

/// <summary>
/// Turns the data bytes of a character-mode client into keys: UTF-8 text, control keys and
/// ANSI/VT escape sequences (CSI and SS3). Unknown or overlong sequences are dropped.
/// </summary>
internal sealed class KeyDecoder
{
    private const int MaxEscape = 16;

    private readonly Decoder _utf8 = new UTF8Encoding(false, false).GetDecoder();
    private readonly byte[] _escape = new byte[MaxEscape];
    private readonly char[] _chars = new char[2];
    private int _escapeLength;
    private bool _inEscape;
    private bool _afterCr;

    public void Feed(byte b, List<Key> keys)
    {
        if (_inEscape)
        {
            Escape(b, keys);
            return;
        }

        var afterCr = _afterCr;
        _afterCr = false;
        switch (b)
        {
            case 0x1B:
                _inEscape = true;
                _escapeLength = 0;
                return;
            case (byte)'\r':
                _afterCr = true;
                keys.Add(Key.Of(KeyKind.Enter));
                return;
            case (byte)'\n' or 0:
                if (!afterCr)
                {
                    keys.Add(Key.Of(KeyKind.Enter));
                }
                return;
            case 0x01: keys.Add(Key.Of(KeyKind.Home)); return;
            case 0x02: keys.Add(Key.Of(KeyKind.Left)); return;
            case 0x03: keys.Add(Key.Of(KeyKind.Interrupt)); return;
            case 0x04: keys.Add(Key.Of(KeyKind.EndOfInput)); return;
            case 0x05: keys.Add(Key.Of(KeyKind.End)); return;
            case 0x06: keys.Add(Key.Of(KeyKind.Right)); return;
            case 0x08 or 0x7F: keys.Add(Key.Of(KeyKind.Backspace)); return;
            case 0x09: keys.Add(Key.Of(KeyKind.Tab)); return;
            case 0x0B: keys.Add(Key.Of(KeyKind.KillToEnd)); return;
            case 0x0C: keys.Add(Key.Of(KeyKind.Redraw)); return;
            case 0x0E: keys.Add(Key.Of(KeyKind.Down)); return;
            case 0x10: keys.Add(Key.Of(KeyKind.Up)); return;
            case 0x15: keys.Add(Key.Of(KeyKind.KillToStart)); return;
            case 0x17: keys.Add(Key.Of(KeyKind.KillWord)); return;
        }

        if (b < 0x20)
        {
            return;
        }

        ReadOnlySpan<byte> one = [b];
        var n = _utf8.GetChars(one, _chars, flush: false);
        for (var i = 0; i < n; i++)
        {
            if (!char.IsControl(_chars[i]))
            {
                keys.Add(new Key(KeyKind.Char, _chars[i]));
            }
        }
    }

    private void Escape(byte b, List<Key> keys)
    {
        if (_escapeLength >= MaxEscape)
        {
            _inEscape = false;
            return;
        }

        _escape[_escapeLength++] = b;
        var first = _escape[0];
        if (_escapeLength == 1)
        {
            if (first is (byte)'[' or (byte)'O')
            {
                return;
            }

            // ESC + key is Alt/Meta; only Meta-Backspace (kill word) is meaningful here.
            _inEscape = false;
            if (b is 0x7F or 0x08)
            {
                keys.Add(Key.Of(KeyKind.KillWord));
            }
            return;
        }

        // CSI/SS3 end at a final byte 0x40..0x7E.
        if (b is < 0x40 or > 0x7E)
        {
            return;
        }

        _inEscape = false;
        var parameters = _escape.AsSpan(1, _escapeLength - 2);
        var kind = b switch
        {
            (byte)'A' => KeyKind.Up,
            (byte)'B' => KeyKind.Down,
            (byte)'C' => KeyKind.Right,
            (byte)'D' => KeyKind.Left,
            (byte)'H' => KeyKind.Home,
            (byte)'F' => KeyKind.End,
            (byte)'~' => Tilde(parameters),
            _ => (KeyKind?)null,
        };
        if (kind is { } k)
        {
            keys.Add(Key.Of(k));
        }
    }

    private static KeyKind? Tilde(ReadOnlySpan<byte> parameters) => parameters switch
    {
        [(byte)'1'] or [(byte)'7'] => KeyKind.Home,
        [(byte)'4'] or [(byte)'8'] => KeyKind.End,
        [(byte)'3'] => KeyKind.Delete,
        _ => null,
    };
}
