using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Taskmon.Commands;

namespace Taskmon.Terminal;

/// <summary>
/// One client connection: detects telnet or a plain line client, edits lines (telnet), runs
/// commands and queues their rendered output. Every failure ends this session only.
/// </summary>
internal sealed partial class TerminalSession : ITelnetHandler
{
    private const int MaxPlainLine = 4096;
    private const string BatchPrefix = "@taskmon exec ";

    private readonly Stream _stream;
    private readonly SessionHost _host;
    private readonly OutputQueue _output;
    private readonly TelnetDecoder _telnet = new();
    private readonly KeyDecoder _keyDecoder = new();
    private readonly LineEditor _editor;
    private readonly List<Key> _keys = [];
    private readonly List<string?> _lines = [];
    private readonly List<byte> _plainLine = [];
    private readonly Lock _gate = new();
    private bool _plainOverflow;
    private bool _awaitingToken;
    private bool _ended;
    private bool _firstLine = true;
    private bool _streaming;
    private List<CommandResult>? _deferred;
    private string? _lastCommand;

    public TerminalSession(Stream stream, SessionHost host)
    {
        _stream = stream;
        _host = host;
        _output = new OutputQueue(host.Options.MaxQueuedOutputBytes, host.StallTimeout);
        _editor = new LineEditor(host.Prompt);
    }

    public SessionMode Mode { get; private set; }

    /// <summary>Client terminal width from NAWS; 120 until known.</summary>
    public int Width { get; private set; } = 120;

    public string? TerminalType { get; private set; }

    /// <summary>Whether the server echoes (the client agreed to character mode).</summary>
    public bool ServerEcho { get; private set; } = true;

    public async Task RunAsync(CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var pump = PumpAsync(cts);
        try
        {
            _output.TryEnqueue(Telnet.Opening.ToArray());
            var buffer = new byte[4096];
            var tokenDeadline = Environment.TickCount64 + (long)_host.Options.TokenTimeout.TotalMilliseconds;
            await DetectAsync(buffer, cts.Token).ConfigureAwait(false);

            _awaitingToken = !string.IsNullOrEmpty(_host.Options.Token);
            if (_awaitingToken)
            {
                Write("Token: ");
            }
            else
            {
                Welcome();
            }

            await DrainAsync(cts.Token).ConfigureAwait(false);
            while (!_ended && !_output.Closed)
            {
                var n = await ReadAsync(buffer, tokenDeadline, cts.Token).ConfigureAwait(false);
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
            if (_output.Overflowed)
            {
                TerminalLog.SlowClientDropped(_host.Logger);
            }
            lock (_gate)
            {
                _ended = true;
                _output.Complete();
            }
            // Let the goodbye reach the client, but never wait on a stuck one for long.
            await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the next bytes; 0 at the end of input, -1 when the client stayed silent too long: past the
    /// idle timeout, or (before a configured token was given) past the token timeout.
    /// </summary>
    private async Task<int> ReadAsync(byte[] buffer, long tokenDeadline, CancellationToken cancellationToken)
    {
        var idle = _host.Options.IdleTimeout;
        var limit = _awaitingToken ? TimeSpan.FromMilliseconds(Math.Max(0, tokenDeadline - Environment.TickCount64)) : idle;
        if (_awaitingToken && limit > idle)
        {
            limit = idle;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await _stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = _awaitingToken
                ? $"No token within {Seconds(_host.Options.TokenTimeout)}; closing the session."
                : $"Idle for {Seconds(idle)}; closing the session.";
            Write($"\n{TextRenderer.Fail} {reason}\n");
            TerminalLog.SessionTimedOut(_host.Logger, reason);
            return -1;
        }
    }

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds < 120
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min");

    /// <summary>Writes queued output; when the socket fails or stalls, the whole session stops at once.</summary>
    private async Task<bool> PumpAsync(CancellationTokenSource session)
    {
        var ok = await _output.PumpAsync(_stream, session.Token).ConfigureAwait(false);
        if (!ok)
        {
            lock (_gate)
            {
                _ended = true;
            }
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

    private async Task DetectAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_host.DetectTimeout);
        int n;
        try
        {
            n = await _stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Silent client: a line client that waits for the greeting (e.g. nc). A late telnet
            // reply still switches the session to character mode before the first line.
            Mode = SessionMode.Plain;
            return;
        }
        if (n == 0)
        {
            _ended = true;
            return;
        }
        Mode = buffer[0] == Telnet.Iac ? SessionMode.Telnet : SessionMode.Plain;
        _telnet.Feed(buffer.AsSpan(0, n), this);
    }

    private void Welcome()
    {
        Write($"{_host.Greeting()}\nType help for the commands, TAB to complete, exit or Ctrl-D to leave.\n");
        Prompt();
    }

    private void Prompt()
    {
        lock (_gate)
        {
            if (Fancy)
            {
                var echo = new StringBuilder();
                _editor.Redraw(echo);
                WriteRaw(echo.ToString());
            }
            else
            {
                WriteRaw(_editor.Prompt);
            }
        }
    }

    /// <summary>Character mode with server echo: escape sequences and redraws are allowed.</summary>
    private bool Fancy => Mode == SessionMode.Telnet && ServerEcho;

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (!_ended && _lines.Count > 0)
        {
            var line = _lines[0];
            _lines.RemoveAt(0);
            if (line is null)
            {
                await WriteResultAsync(MessageResult.Error($"Line too long (at most {MaxPlainLine} bytes); ignored"), cancellationToken).ConfigureAwait(false);
                Prompt();
                continue;
            }
            await SubmitAsync(line, cancellationToken).ConfigureAwait(false);
        }

        var index = 0;
        while (!_ended && index < _keys.Count)
        {
            var key = _keys[index++];
            await KeyAsync(key, cancellationToken).ConfigureAwait(false);
        }
        _keys.Clear();
    }

    private async Task KeyAsync(Key key, CancellationToken cancellationToken)
    {
        var echo = new StringBuilder();
        EditAction action;
        lock (_gate)
        {
            action = _editor.Apply(key, echo);
        }
        if (Fancy && !_awaitingToken)
        {
            WriteRaw(echo.ToString());
        }

        switch (action)
        {
            case EditAction.Submit:
                string line;
                lock (_gate)
                {
                    line = _editor.TakeLine();
                }
                await SubmitAsync(line, cancellationToken).ConfigureAwait(false);
                break;
            case EditAction.Complete:
                Complete();
                break;
            case EditAction.Interrupt:
                lock (_gate)
                {
                    _editor.Clear();
                }
                Write("^C\n(Ctrl-C clears the line; type exit or press Ctrl-D to leave)\n");
                Prompt();
                break;
            case EditAction.EndOfInput:
                Write("\nBye.\n");
                _ended = true;
                break;
        }
    }

    private async Task SubmitAsync(string line, CancellationToken cancellationToken)
    {
        if (ForeignProtocol.LooksLikeHttp(line))
        {
            // A browser's form POST (a cross-protocol attack from a web page) or a lost HTTP client:
            // run nothing, not even the lines of its body, and say nothing a browser could read.
            TerminalLog.ForeignProtocol(_host.Logger, SafeText.Line(line.Length > 80 ? line[..80] : line));
            _ended = true;
            _output.Complete();
            return;
        }

        if (_awaitingToken)
        {
            CheckToken(line);
            return;
        }

        var first = _firstLine;
        _firstLine = false;
        if (first && Mode == SessionMode.Plain && line.StartsWith(BatchPrefix, StringComparison.Ordinal))
        {
            await BatchAsync(line[BatchPrefix.Length..], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.Trim().Length == 0)
        {
            if (Mode != SessionMode.Telnet || _lastCommand is null)
            {
                Prompt();
                return;
            }
            line = _lastCommand; // an empty line repeats the last command, as in aiomonitor
        }
        else
        {
            _lastCommand = line;
        }

        var outcome = await _host.Catalog.ExecuteAsync(line, Context(), cancellationToken).ConfigureAwait(false);
        await WriteResultAsync(outcome.Result, cancellationToken).ConfigureAwait(false);
        if (outcome.Result is ExitResult)
        {
            _ended = true;
            return;
        }
        Prompt();
    }

    private async Task BatchAsync(string request, CancellationToken cancellationToken)
    {
        // "@taskmon exec json|text COMMAND LINE": one command for the taskmon client, then close.
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        var format = space < 0 ? request : request[..space];
        var line = space < 0 ? "" : request[(space + 1)..];
        WriteRaw("\n@taskmon begin\n");
        var outcome = await _host.Catalog.ExecuteAsync(line, Context(), cancellationToken).ConfigureAwait(false);
        var text = format == "json"
            ? System.Text.Json.JsonSerializer.Serialize(outcome.Result, CommandJsonContext.Default.CommandResult) + "\n"
            : TextRenderer.Render(outcome.Result, Width);
        await WriteStreamingAsync(text, cancellationToken).ConfigureAwait(false);
        WriteRaw($"@taskmon status {(int)outcome.Status}\n");
        _ended = true;
    }

    private void CheckToken(string line)
    {
        var expected = Encoding.UTF8.GetBytes(_host.Options.Token ?? "");
        var given = Encoding.UTF8.GetBytes(line.Trim());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            Write($"\n{TextRenderer.Fail} Invalid token\n");
            TerminalLog.WrongToken(_host.Logger);
            _ended = true;
            return;
        }
        _awaitingToken = false;
        Write("\n");
        Welcome();
    }

    private CommandContext Context() => new() { Width = Width, Notify = Notify, Interactive = Mode == SessionMode.Telnet };

    /// <summary>Shows a result that arrives later (e.g. a cancellation finished), above the prompt line.</summary>
    private void Notify(CommandResult result)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            if (_streaming)
            {
                // A large result is being written in chunks: show this after it, not inside it.
                (_deferred ??= []).Add(result);
                return;
            }
            var text = TextRenderer.Render(result, Width);
            if (Fancy)
            {
                WriteRaw("\r\x1b[K");
                Write(text);
                var echo = new StringBuilder();
                _editor.Redraw(echo);
                WriteRaw(echo.ToString());
            }
            else
            {
                Write("\n" + text);
            }
        }
    }

    private Task WriteResultAsync(CommandResult result, CancellationToken cancellationToken) =>
        WriteStreamingAsync(Telnetize(TextRenderer.Render(result, Width)), cancellationToken);

    /// <summary>
    /// Queues a result of any size in chunks, waiting while the client's backlog is full; notifications
    /// that arrive meanwhile follow it.
    /// </summary>
    private async Task WriteStreamingAsync(string text, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _streaming = true;
        }
        try
        {
            await _output.EnqueueAsync(text, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            List<CommandResult>? later;
            lock (_gate)
            {
                _streaming = false;
                later = _deferred;
                _deferred = null;
            }
            foreach (var result in later ?? [])
            {
                Notify(result);
            }
        }
    }

    /// <summary>Writes text whose lines end with \n; telnet clients get \r\n.</summary>
    private void Write(string text) => WriteRaw(Telnetize(text));

    private string Telnetize(string text) =>
        Mode == SessionMode.Telnet ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal) : text;

    private void WriteRaw(string text)
    {
        if (text.Length > 0)
        {
            _output.TryEnqueue(Encoding.UTF8.GetBytes(text));
        }
    }
}
