using System.Net;
using System.Net.Sockets;
using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Tests.Support;

/// <summary>
/// A real TCP client for the terminal server. With <c>negotiate</c> it answers like a telnet client
/// in character mode (DO ECHO, DO SGA, WILL NAWS with a width, WILL TERMINAL-TYPE); without, it is a
/// plain line client like nc. Received data is collected with telnet commands removed.
/// </summary>
internal sealed class TelnetTestClient : ITelnetHandler, IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly TelnetDecoder _decoder = new();
    private readonly StringBuilder _text = new();
    private readonly List<byte> _data = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly SemaphoreSlim _write = new(1);
    private readonly bool _negotiate;
    private readonly int _width;
    private NetworkStream _stream = null!;
    private Task _reader = Task.CompletedTask;

    private TelnetTestClient(bool negotiate, int width)
    {
        _negotiate = negotiate;
        _width = width;
    }

    public List<(byte Verb, byte Option)> Negotiations { get; } = [];

    public bool Closed { get; private set; }

    public static async Task<TelnetTestClient> ConnectAsync(int port, bool negotiate = true, int width = 100)
    {
        var client = new TelnetTestClient(negotiate, width);
        await client._tcp.ConnectAsync(IPAddress.Loopback, port);
        client._stream = client._tcp.GetStream();
        client._reader = client.ReadLoopAsync();
        return client;
    }

    /// <summary>Everything received so far (data only, UTF-8).</summary>
    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _write.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
        }
        finally
        {
            _write.Release();
        }
    }

    private void Reply(byte[] bytes) => _ = SendAsync(bytes).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);

    /// <summary>Waits until the text received after <paramref name="from"/> contains <paramref name="expected"/>.</summary>
    public async Task<string> WaitForAsync(string expected, int from = 0, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var text = Text;
            if (text.Length >= from && text.IndexOf(expected, from, StringComparison.Ordinal) >= 0)
            {
                return text[from..];
            }
            var left = deadline - Environment.TickCount64;
            if (left <= 0 || (Closed && !Text.Contains(expected, StringComparison.Ordinal)))
            {
                throw new TimeoutException($"Did not receive '{expected}'. Received after {from}:\n{(text.Length >= from ? text[from..] : text)}");
            }
            await _changed.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(left, 200)));
        }
    }

    /// <summary>Waits for the server to close the connection.</summary>
    public async Task WaitClosedAsync(int timeoutMs = 10_000)
    {
        await _reader.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = await _stream.ReadAsync(buffer)) > 0)
            {
                lock (_text)
                {
                    _data.Clear();
                    _decoder.Feed(buffer.AsSpan(0, n), this);
                    _text.Append(Encoding.UTF8.GetString([.. _data]));
                }
                _changed.Release();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        Closed = true;
        _changed.Release();
    }

    public void OnData(byte value) => _data.Add(value);

    public void OnNegotiation(byte verb, byte option)
    {
        Negotiations.Add((verb, option));
        if (!_negotiate)
        {
            return;
        }
        byte[]? reply = (verb, option) switch
        {
            (Telnet.Will, Telnet.OptionEcho or Telnet.OptionSuppressGoAhead) => [Telnet.Iac, Telnet.Do, option],
            (Telnet.Do, Telnet.OptionNaws) =>
                [Telnet.Iac, Telnet.Will, option, Telnet.Iac, Telnet.Sb, Telnet.OptionNaws, (byte)(_width >> 8), (byte)_width, 0, 40, Telnet.Iac, Telnet.Se],
            (Telnet.Do, Telnet.OptionTerminalType) => [Telnet.Iac, Telnet.Will, option],
            _ => null,
        };
        if (reply is not null)
        {
            Reply(reply);
        }
    }

    public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload)
    {
        if (_negotiate && option == Telnet.OptionTerminalType && payload.Length == 1 && payload[0] == Telnet.TerminalTypeSend)
        {
            Reply(new byte[] { Telnet.Iac, Telnet.Sb, Telnet.OptionTerminalType, 0, (byte)'v', (byte)'t', (byte)'1', (byte)'0', (byte)'0', Telnet.Iac, Telnet.Se });
        }
    }

    public void OnCommand(byte command)
    {
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
    }
}
