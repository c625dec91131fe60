using System.Text;

namespace Taskmon.Terminal;

/// <summary>The telnet side of a session: option negotiation, NAWS, terminal type, completion.</summary>
internal sealed partial class TerminalSession
{
    private const int MaxShownCompletions = 10;
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
                ServerEcho = true;
                break;
            case Telnet.Dont when option is Telnet.OptionEcho:
                // The client keeps echoing locally (line mode): stop drawing the line ourselves.
                ServerEcho = false;
                Answer(Telnet.Wont, option);
                break;
            case Telnet.Do when option is Telnet.OptionSuppressGoAhead:
                break;
            case Telnet.Do:
                Answer(Telnet.Wont, option);
                break;
            case Telnet.Will when option is Telnet.OptionTerminalType:
                if (_answered.Add((Telnet.Will, option)))
                {
                    _output.TryEnqueue(Telnet.RequestTerminalType.ToArray());
                }
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
            if (width > 0)
            {
                Width = Math.Clamp(width, 20, 1000);
            }
        }
        else if (option == Telnet.OptionTerminalType && payload.Length > 1 && payload[0] == Telnet.TerminalTypeIs)
        {
            var name = new StringBuilder();
            foreach (var b in payload[1..])
            {
                if (b is >= 0x21 and < 0x7F && name.Length < 40)
                {
                    name.Append((char)b);
                }
            }
            TerminalType = name.ToString();
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
                WriteRaw("\r\n[taskmon: yes]\r\n");
                break;
        }
    }

    /// <summary>Refuses or acknowledges an option once, so two peers never loop on it.</summary>
    private void Answer(byte verb, byte option)
    {
        if (_answered.Add((verb, option)))
        {
            _output.TryEnqueue([Telnet.Iac, verb, option]);
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
        Mode = SessionMode.Telnet;
        if (wasPlain && !_awaitingToken)
        {
            _keys.Add(Key.Of(KeyKind.Redraw));
        }
    }

    private void Complete()
    {
        if (_awaitingToken || !Fancy)
        {
            return;
        }
        string line;
        int cursor;
        lock (_gate)
        {
            line = _editor.Text;
            cursor = _editor.Cursor;
        }
        var completion = _host.Catalog.Complete(line, cursor);
        var items = completion.Items;
        var word = line[completion.Start..cursor];
        var echo = new StringBuilder();
        lock (_gate)
        {
            if (items.Count == 0)
            {
                echo.Append('\a');
            }
            else if (items.Count == 1)
            {
                _editor.ReplaceBeforeCursor(completion.Start, items[0] + " ", echo);
            }
            else
            {
                var prefix = CommonPrefix(items);
                if (prefix.Length > word.Length)
                {
                    _editor.ReplaceBeforeCursor(completion.Start, prefix, echo);
                }
                echo.Append("\r\n");
                echo.Append(string.Join("  ", items.Take(MaxShownCompletions)));
                if (items.Count > MaxShownCompletions)
                {
                    echo.Append($"  … and {items.Count - MaxShownCompletions} more");
                }
                echo.Append("\r\n");
                _editor.Redraw(echo);
            }
        }
        WriteRaw(echo.ToString());
    }

    private static string CommonPrefix(IReadOnlyList<string> items)
    {
        var prefix = items[0];
        foreach (var item in items)
        {
            var n = 0;
            while (n < prefix.Length && n < item.Length && prefix[n] == item[n])
            {
                n++;
            }
            prefix = prefix[..n];
        }
        return prefix;
    }
}
