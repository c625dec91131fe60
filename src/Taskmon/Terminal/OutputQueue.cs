using System.Threading.Channels;

namespace Taskmon.Terminal;

/// <summary>
/// A session's outgoing bytes. Producers never wait: past <c>maxBytes</c> queued the queue closes
/// and the session ends, so a client that stops reading costs bounded memory and blocks nobody.
/// One pump writes to the socket, giving up on a write stuck longer than the stall timeout.
/// </summary>
internal sealed class OutputQueue(int maxBytes, TimeSpan stallTimeout)
{
    private readonly Channel<byte[]> _channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private long _queued;

    /// <summary>True when the client fell too far behind and the queue was closed.</summary>
    public bool Overflowed { get; private set; }

    public long QueuedBytes => Interlocked.Read(ref _queued);

    public bool TryEnqueue(byte[] data)
    {
        if (data.Length == 0)
        {
            return true;
        }
        if (Interlocked.Add(ref _queued, data.Length) > maxBytes)
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
            return false;
        }
        return _channel.Writer.TryWrite(data);
    }

    /// <summary>No more output; the pump ends after writing what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Writes queued output until completed; returns false when the socket failed or stalled.</summary>
    public async Task<bool> PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_channel.Reader.TryRead(out var chunk))
                {
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    stall.CancelAfter(stallTimeout);
                    await stream.WriteAsync(chunk, stall.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _queued, -chunk.Length);
                }
            }
            return !Overflowed;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _channel.Writer.TryComplete();
            return false;
        }
    }
}
