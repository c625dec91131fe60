namespace Taskmon.Terminal;

/// <summary>
/// Splits a telnet byte stream into data, option negotiation, subnegotiation and commands.
/// A state machine over single bytes, so input may arrive in any fragmentation; it never
/// throws and never holds more than <see cref="MaxSubnegotiation"/> bytes whatever the input.
/// </summary>
internal sealed class TelnetDecoder
{
    /// <summary>Longest subnegotiation payload kept; the rest is dropped (terminal types are short).</summary>
    public const int MaxSubnegotiation = 64;

    private readonly byte[] _sb = new byte[MaxSubnegotiation];
    private int _sbLength;
    private byte _sbOption;
    private byte _verb;
    private State _state;

    /// <summary>True once the peer has sent any IAC sequence, i.e. it speaks telnet.</summary>
    public bool SawTelnet { get; private set; }

    public void Feed(ReadOnlySpan<byte> input, ITelnetHandler handler)
    {
        foreach (var b in input)
        {
            Step(b, handler);
        }
    }

    private void Step(byte b, ITelnetHandler handler)
    {
        switch (_state)
        {
            case State.Data:
                if (b == Telnet.Iac)
                {
                    _state = State.Iac;
                }
                else
                {
                    handler.OnData(b);
                }
                break;

            case State.Iac:
                SawTelnet = true;
                switch (b)
                {
                    case Telnet.Iac:
                        handler.OnData(b);
                        _state = State.Data;
                        break;
                    case Telnet.Will or Telnet.Wont or Telnet.Do or Telnet.Dont:
                        _verb = b;
                        _state = State.Option;
                        break;
                    case Telnet.Sb:
                        _state = State.SbOption;
                        break;
                    default:
                        handler.OnCommand(b);
                        _state = State.Data;
                        break;
                }
                break;

            case State.Option:
                handler.OnNegotiation(_verb, b);
                _state = State.Data;
                break;

            case State.SbOption:
                _sbOption = b;
                _sbLength = 0;
                _state = State.SbData;
                break;

            case State.SbData:
                if (b == Telnet.Iac)
                {
                    _state = State.SbIac;
                }
                else
                {
                    Keep(b);
                }
                break;

            case State.SbIac:
                if (b == Telnet.Se)
                {
                    handler.OnSubnegotiation(_sbOption, _sb.AsSpan(0, _sbLength));
                    _state = State.Data;
                }
                else if (b == Telnet.Iac)
                {
                    Keep(b);
                    _state = State.SbData;
                }
                else
                {
                    // Malformed: IAC followed by anything else inside SB. Drop the subnegotiation.
                    _state = State.Data;
                }
                break;
        }
    }

    private void Keep(byte b)
    {
        if (_sbLength < _sb.Length)
        {
            _sb[_sbLength++] = b;
        }
    }

    private enum State
    {
        Data,
        Iac,
        Option,
        SbOption,
        SbData,
        SbIac,
    }
}
