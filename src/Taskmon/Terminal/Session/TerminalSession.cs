using System.Net.Sockets;

namespace Taskmon.Terminal;

/// <summary>
/// One client connection: tells telnet from a plain line client, reads with the idle and token
/// timeouts, turns bytes into lines or keys, and routes each line: a foreign protocol closes the
/// session, a pending <see cref="TokenGate"/> takes the token, a first <c>@taskmon exec</c> line is
/// the <see cref="OneShotProtocol"/>, anything else goes to the <see cref="InteractiveShell"/>.
/// Every failure ends this session only.
/// </summary>
internal sealed partial class TerminalSession : ITelnetHandler
{
    private const int MaxPlainLine = 4096;

    private readonly SessionHost _host;
    private readonly SessionConnection _connection;
    private readonly TokenGate _token;
    private readonly InteractiveShell _shell;
    private readonly TelnetDecoder _telnet = new();
    private readonly KeyDecoder _keyDecoder = new();
    private readonly List<Key> _keys = [];
    private readonly List<string?> _lines = [];
    private readonly List<byte> _plainLine = [];
    private bool _plainOverflow;
    private volatile bool _ended;
    private bool _firstLine = true;

    /// <param name="stream">The connection.</param>
    /// <param name="host">What every session shares.</param>
    /// <param name="askToken">False on the owner-only Unix socket: a configured token is not asked there.</param>
    public TerminalSession(Stream stream, SessionHost host, bool askToken = true)
    {
        _host = host;
        _connection = new SessionConnection(stream, new OutputQueue(host.Options.MaxQueuedOutputBytes, host.StallTimeout));
        _token = new TokenGate(askToken ? host.Options.Token : null, host.Options.TokenTimeout);
        _shell = new InteractiveShell(host, _connection);
    }

    public SessionMode Mode => _connection.Mode;

    public async Task RunAsync(CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var pump = PumpAsync(cts);
        try
        {
            _connection.WriteBytes(Telnet.Opening.ToArray());
            var buffer = new byte[4096];
            await DetectAsync(buffer, cts.Token).ConfigureAwait(false);
            if (_token.Pending)
            {
                _connection.Write("Token: ");
            }
            else
            {
                _shell.Welcome();
            }

            await DrainAsync(cts.Token).ConfigureAwait(false);
            while (!_ended && !_connection.Output.Closed)
            {
                var n = await ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                if (n <= 0)
                {
                    break;
                }
                _telnet.Feed(buffer.AsSpan(0, n), this);
                await DrainAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away or the server stops: nothing to report.
        }
        catch (Exception e)
        {
            TerminalLog.SessionFailed(_host.Logger, e);
        }
        finally
        {
            if (_connection.Output.Overflowed)
            {
                TerminalLog.SlowClientDropped(_host.Logger);
            }
            _ended = true;
            _shell.Close();
            _connection.Output.Complete();
            // Let the goodbye reach the client, but never wait on a stuck one for long.
            await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>Writes queued output; when the socket fails or stalls, the whole session stops at once.</summary>
    private async Task<bool> PumpAsync(CancellationTokenSource session)
    {
        var ok = await _connection.Output.PumpAsync(_connection.Stream, session.Token).ConfigureAwait(false);
        if (!ok)
        {
            _ended = true;
            try
            {
                await session.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The session is over already.
            }
        }
        return ok;
    }

    /// <summary>
    /// The first bytes tell the client apart: telnet answers the opening negotiation (IAC first), a
    /// line client sends text, or nothing for a moment (e.g. nc waiting for the greeting).
    /// </summary>
    private async Task DetectAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_host.DetectTimeout);
        int n;
        try
        {
            n = await _connection.Stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A late telnet reply still switches the session to character mode before the first line.
            _connection.Mode = SessionMode.Plain;
            return;
        }
        if (n == 0)
        {
            _ended = true;
            return;
        }
        _connection.Mode = buffer[0] == Telnet.Iac ? SessionMode.Telnet : SessionMode.Plain;
        _telnet.Feed(buffer.AsSpan(0, n), this);
    }

    /// <summary>
    /// Reads the next bytes; 0 at the end of input, -1 when the client stayed silent too long: past the
    /// idle timeout, or (before a configured token was given) past the token timeout.
    /// </summary>
    private async Task<int> ReadAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var idle = _host.Options.IdleTimeout;
        var limit = _token.Pending && _token.Remaining < idle ? _token.Remaining : idle;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await _connection.Stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = _token.Pending
                ? $"No token within {Describe(_token.Timeout)}; closing the session."
                : $"Idle for {Describe(idle)}; closing the session.";
            _connection.Write($"\n{TextRenderer.Fail} {reason}\n");
            TerminalLog.SessionTimedOut(_host.Logger, reason);
            return -1;
        }
    }

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds < 120
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min");

    /// <summary>Handles the lines and keys the last read produced, in order, until the session ends.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (!_ended && _lines.Count > 0)
        {
            var line = _lines[0];
            _lines.RemoveAt(0);
            if (line is null)
            {
                await _shell.ShowAsync(Commands.MessageResult.Error($"Line too long (at most {MaxPlainLine} bytes); ignored"), cancellationToken).ConfigureAwait(false);
                _shell.Prompt();
                continue;
            }
            await SubmitAsync(line, cancellationToken).ConfigureAwait(false);
        }

        var index = 0;
        while (!_ended && index < _keys.Count)
        {
            var (action, line) = _shell.Apply(_keys[index++], echo: !_token.Pending);
            if (action == EditAction.EndOfInput)
            {
                _ended = true;
            }
            else if (line is not null)
            {
                await SubmitAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
        _keys.Clear();
    }

    private async Task SubmitAsync(string line, CancellationToken cancellationToken)
    {
        if (ForeignProtocol.LooksLikeHttp(line))
        {
            // A browser's form POST (a cross-protocol attack from a web page) or a lost HTTP client:
            // run nothing, not even the lines of its body, and say nothing a browser could read.
            TerminalLog.ForeignProtocol(_host.Logger, SafeText.Line(line.Length > 80 ? line[..80] : line));
            End();
            return;
        }

        var protocol = _firstLine && Mode == SessionMode.Plain;
        if (protocol && OneShotProtocol.IsToken(line))
        {
            // A program's token line: checked like a typed one, answered with a code, and the exec may follow.
            if (_token.Pending && !_token.TryOpen(OneShotProtocol.TokenOf(line)))
            {
                OneShotProtocol.WriteError(_connection, OneShotProtocol.Errors.TokenInvalid, "the token does not match");
                TerminalLog.WrongToken(_host.Logger);
                End();
            }
            return;
        }

        if (_token.Pending)
        {
            if (protocol && OneShotProtocol.IsExec(line))
            {
                OneShotProtocol.WriteError(_connection, OneShotProtocol.Errors.TokenRequired, "this server asks for a token");
                End();
            }
            else if (_token.TryOpen(line))
            {
                _connection.Write("\n");
                _shell.Welcome();
            }
            else
            {
                _connection.Write($"\n{TextRenderer.Fail} Invalid token\n");
                TerminalLog.WrongToken(_host.Logger);
                End();
            }
            return;
        }

        _firstLine = false;
        if (protocol && OneShotProtocol.IsExec(line))
        {
            await OneShotProtocol.RunAsync(line, _host, _shell.Context(), _connection, cancellationToken).ConfigureAwait(false);
            End();
            return;
        }

        if (await _shell.RunAsync(line, cancellationToken).ConfigureAwait(false))
        {
            End();
        }
    }

    private void End()
    {
        _ended = true;
        _connection.Output.Complete();
    }
}
