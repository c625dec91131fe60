using System.Text;

namespace Taskmon.Terminal;

/// <summary>The byte side of a session: plain lines, keys of a telnet client, option negotiation, NAWS.</summary>
internal sealed partial class TerminalSession
{
    private readonly HashSet<(byte Verb, byte Option)> _answered = [];

    public void OnData(byte value)
    {
        if (Mode == SessionMode.Telnet)
        {
            _keyDecoder.Feed(value, _keys);
            return;
        }

        if (value == (byte)'\n')
        {
            if (_plainOverflow)
            {
                _lines.Add(null);
            }
            else
            {
                var text = Encoding.UTF8.GetString([.. _plainLine]).TrimEnd('\r');
                _lines.Add(new string(text.Where(c => !char.IsControl(c)).ToArray()));
            }
            _plainLine.Clear();
            _plainOverflow = false;
        }
        else if (_plainLine.Count < MaxPlainLine)
        {
            _plainLine.Add(value);
        }
        else
        {
            _plainOverflow = true;
        }
    }

    public void OnNegotiation(byte verb, byte option)
    {
        SwitchToTelnet();
        switch (verb)
        {
            case Telnet.Do when option is Telnet.OptionEcho:
                _connection.ServerEcho = true;
                break;
            case Telnet.Dont when option is Telnet.OptionEcho:
                // The client keeps echoing locally (line mode): stop drawing the line ourselves.
                _connection.ServerEcho = false;
                Answer(Telnet.Wont, option);
                break;
            case Telnet.Do when option is Telnet.OptionSuppressGoAhead:
                break;
            case Telnet.Do:
                Answer(Telnet.Wont, option);
                break;
            case Telnet.Will when option is Telnet.OptionNaws:
                break;
            case Telnet.Will:
                Answer(Telnet.Dont, option);
                break;
                // WONT/DONT for anything else: nothing of ours was on, nothing to answer.
        }
    }

    public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload)
    {
        if (option == Telnet.OptionNaws && payload.Length >= 4)
        {
            var width = (payload[0] << 8) | payload[1];
            var height = (payload[2] << 8) | payload[3];
            if (width > 0)
            {
                _connection.Width = Math.Clamp(width, 20, 1000);
            }

            if (height > 0)
            {
                _connection.Height = Math.Clamp(height, 8, 1000);
            }

            _shell.Resized();
        }
    }

    public void OnCommand(byte command)
    {
        switch (command)
        {
            case Telnet.InterruptProcess or Telnet.Break:
                _keys.Add(Key.Of(KeyKind.Interrupt));
                break;
            case Telnet.EraseCharacter:
                _keys.Add(Key.Of(KeyKind.Backspace));
                break;
            case Telnet.EraseLine:
                _keys.Add(Key.Of(KeyKind.KillToStart));
                break;
            case Telnet.AreYouThere:
                _connection.WriteRaw("\r\n[taskmon: yes]\r\n");
                break;
        }
    }

    /// <summary>Refuses or acknowledges an option once, so two peers never loop on it.</summary>
    private void Answer(byte verb, byte option)
    {
        if (_answered.Add((verb, option)))
        {
            _connection.WriteBytes([Telnet.Iac, verb, option]);
        }
    }

    /// <summary>A telnet reply after the detection timeout: switch to character mode if nothing was typed yet.</summary>
    private void SwitchToTelnet()
    {
        // Lines already received as a plain client (an HTTP request, say) keep the session plain.
        if (Mode == SessionMode.Telnet || (!_firstLine && Mode == SessionMode.Plain) || _plainLine.Count > 0 || _lines.Count > 0)
        {
            return;
        }
        var wasPlain = Mode == SessionMode.Plain;
        _connection.Mode = SessionMode.Telnet;
        if (wasPlain && !_token.Pending)
        {
            _keys.Add(Key.Of(KeyKind.Redraw));
        }
    }
}
