using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Cli;

/// <summary>
/// An interactive session: answers the server's telnet negotiation (character mode, window size,
/// terminal type), sends key presses, prints output. The terminal is put in raw mode by
/// <see cref="Console.ReadKey(bool)"/> and restored by the runtime on every exit path.
/// With redirected input it behaves like a plain line client instead.
/// </summary>
internal sealed class InteractiveSession : ITelnetHandler
{
    private readonly ClientOptions _options;
    private readonly TelnetDecoder _decoder = new();
    private readonly MemoryStream _pending = new();
    private readonly TerminalFilter _filter = new();
    private readonly Lock _sendGate = new();
    private readonly bool _terminal;
    private Socket? _socket;
    private bool _tokenSent;
    private bool _initialSent;
    private int _lastWidth;
    private int _lastHeight;

    public InteractiveSession(ClientOptions options)
    {
        _options = options;
        _terminal = !Console.IsInputRedirected;
    }

    public async Task<ExitCode> RunAsync(CancellationToken cancellationToken)
    {
        using var socket = await Connector.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        _socket = socket;
        var stdout = Console.OpenStandardOutput();
        // The window size follows the terminal: SIGWINCH sends NAWS again (the key thread also polls, for consoles without it).
        using var resize = _terminal && !OperatingSystem.IsWindows() ? PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => SendWindowSize()) : null;
        if (_terminal)
        {
            Console.TreatControlCAsInput = true;
            new Thread(ReadKeys) { IsBackground = true, Name = "taskmon keys" }.Start();
        }
        else
        {
            if (_options.Token is { } token)
            {
                Send(Encoding.UTF8.GetBytes(token + "\n"));
            }
            new Thread(CopyInput) { IsBackground = true, Name = "taskmon stdin" }.Start();
        }

        try
        {
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
            {
                _pending.SetLength(0);
                _decoder.Feed(buffer.AsSpan(0, n), this);
                await stdout.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken).ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException)
        {
            // The process went away: the session is over either way.
        }
        finally
        {
            // A session that ended inside top (or any full-screen view) gives the screen and cursor back.
            Console.Out.Write(_filter.Restore);
            if (_terminal)
            {
                Console.TreatControlCAsInput = false;
                Console.Out.Write("\r\n");
            }
        }
        return ExitCode.Success;
    }

    public void OnData(byte value) => _filter.Feed(value, _pending);

    public void OnNegotiation(byte verb, byte option)
    {
        if (!_terminal)
        {
            return; // a line client: the server falls back to line mode
        }
        switch (verb, option)
        {
            case (Telnet.Will, Telnet.OptionEcho or Telnet.OptionSuppressGoAhead):
                Send([Telnet.Iac, Telnet.Do, option]);
                break;
            case (Telnet.Do, Telnet.OptionNaws):
                Send([Telnet.Iac, Telnet.Will, option]);
                SendWindowSize();
                SendInitialLine();
                break;
            case (Telnet.Do, Telnet.OptionTerminalType):
                Send([Telnet.Iac, Telnet.Will, option]);
                break;
            case (Telnet.Do, _):
                Send([Telnet.Iac, Telnet.Wont, option]);
                break;
            case (Telnet.Will, _):
                Send([Telnet.Iac, Telnet.Dont, option]);
                break;
        }
        if (!_tokenSent && _options.Token is { } token)
        {
            _tokenSent = true;
            Send(Encoding.UTF8.GetBytes(token + "\r"));
        }
    }

    public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload)
    {
        if (_terminal && option == Telnet.OptionTerminalType && payload.Length > 0 && payload[0] == Telnet.TerminalTypeSend)
        {
            var name = Environment.GetEnvironmentVariable("TERM") is { Length: > 0 and < 40 } term ? term : "xterm";
            var reply = new List<byte> { Telnet.Iac, Telnet.Sb, Telnet.OptionTerminalType, Telnet.TerminalTypeIs };
            reply.AddRange(Encoding.ASCII.GetBytes(name));
            reply.AddRange([Telnet.Iac, Telnet.Se]);
            Send([.. reply]);
        }
    }

    public void OnCommand(byte command)
    {
    }

    private void SendWindowSize()
    {
        int width, height;
        try
        {
            width = Console.WindowWidth;
            height = Console.WindowHeight;
        }
        catch (IOException)
        {
            return;
        }
        if (width <= 0 || (width == _lastWidth && height == _lastHeight))
        {
            return;
        }
        _lastWidth = width;
        _lastHeight = height;
        byte[] naws = [Telnet.Iac, Telnet.Sb, Telnet.OptionNaws, (byte)(width >> 8), (byte)width, (byte)(height >> 8), (byte)height, Telnet.Iac, Telnet.Se];
        Send(naws);
    }

    /// <summary>Types the initial line (taskmon top) once: after the token and the window size, so the server knows both.</summary>
    private void SendInitialLine()
    {
        if (!_initialSent && _options.InitialLine is { } line)
        {
            _initialSent = true;
            Send(Encoding.UTF8.GetBytes(line + "\r"));
        }
    }

    private void ReadKeys()
    {
        var translator = new KeyTranslator();
        var lastCheck = Environment.TickCount64;
        try
        {
            while (true)
            {
                if (!Console.KeyAvailable)
                {
                    Thread.Sleep(15);
                    if (Environment.TickCount64 - lastCheck > 500)
                    {
                        lastCheck = Environment.TickCount64;
                        SendWindowSize(); // resize: NAWS again, the server re-sizes its tables
                    }
                    continue;
                }
                var bytes = translator.Translate(Console.ReadKey(intercept: true));
                if (bytes.Length > 0 && !Send(bytes))
                {
                    return;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // No console after all.
        }
    }

    private void CopyInput()
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[4096];
        int n;
        while ((n = stdin.Read(buffer)) > 0)
        {
            if (!Send(buffer[..n]))
            {
                return;
            }
        }
        // End of input: like Ctrl-D, leave politely.
        Send("exit\n"u8.ToArray());
    }

    private bool Send(byte[] bytes)
    {
        try
        {
            lock (_sendGate)
            {
                _socket?.Send(bytes);
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
