using System.Text;

namespace Taskmon.Terminal;

/// <summary>
/// The client side of one session: what kind of client it is (telnet or plain lines), its width,
/// and every way of sending it text. Small writes never wait; results of any size stream in chunks
/// (<see cref="WriteStreamingAsync"/>), so a large <c>ps</c> reaches a client that reads.
/// </summary>
internal sealed class SessionConnection(Stream stream, OutputQueue output)
{
    private readonly Lock _gate = new();
    private bool _streaming;
    private List<Action>? _deferred;

    public Stream Stream { get; } = stream;

    public OutputQueue Output { get; } = output;

    public SessionMode Mode { get; set; }

    /// <summary>Client terminal width from NAWS; 120 until known.</summary>
    public int Width { get; set; } = 120;

    /// <summary>Client terminal height from NAWS; 24 until known.</summary>
    public int Height { get; set; } = 24;

    /// <summary>Whether the server echoes (the client agreed to character mode).</summary>
    public bool ServerEcho { get; set; } = true;

    /// <summary>Character mode with server echo: escape sequences and redraws are allowed.</summary>
    public bool CanRedraw => Mode == SessionMode.Telnet && ServerEcho;

    /// <summary>Writes text whose lines end with \n; telnet clients get \r\n.</summary>
    public void Write(string text) => WriteRaw(Telnetize(text));

    /// <summary>Writes text exactly as given (escape sequences, protocol lines).</summary>
    public void WriteRaw(string text)
    {
        if (text.Length > 0)
        {
            Output.TryEnqueue(Encoding.UTF8.GetBytes(text));
        }
    }

    public void WriteBytes(byte[] bytes) => Output.TryEnqueue(bytes);

    /// <summary>Line ends as this client wants them.</summary>
    public string Telnetize(string text) =>
        Mode == SessionMode.Telnet ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal) : text;

    /// <summary>
    /// Queues a result of any size in chunks, waiting while the client's backlog is full; output
    /// posted meanwhile with <see cref="AfterStreaming"/> follows it instead of landing inside it.
    /// </summary>
    public async Task WriteStreamingAsync(string text, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _streaming = true;
        }
        try
        {
            await Output.EnqueueAsync(text, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            List<Action>? later;
            lock (_gate)
            {
                _streaming = false;
                later = _deferred;
                _deferred = null;
            }
            foreach (var write in later ?? [])
            {
                write();
            }
        }
    }

    /// <summary>Runs <paramref name="write"/> now, or right after the result being streamed.</summary>
    public void AfterStreaming(Action write)
    {
        lock (_gate)
        {
            if (_streaming)
            {
                (_deferred ??= []).Add(write);
                return;
            }
        }
        write();
    }
}
