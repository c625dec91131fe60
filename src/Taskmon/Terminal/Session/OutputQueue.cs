using System.Text;
using System.Threading.Channels;

namespace Taskmon.Terminal;

/// <summary>
/// A session's outgoing bytes, queued in chunks of at most <see cref="ChunkBytes"/> and written by
/// one pump. The bound applies to the unsent backlog: a large result streams to a client that reads
/// (<see cref="EnqueueAsync"/> waits for room), while a client that stops reading for longer than the
/// stall timeout, or lets the backlog pass the bound with small writes that never wait
/// (<see cref="TryEnqueue"/>), is dropped. Memory stays bounded and nobody else is blocked.
/// </summary>
internal sealed class OutputQueue(int maxBytes, TimeSpan stallTimeout)
{
    public const int ChunkBytes = 64 * 1024;

    private readonly Channel<byte[]> _channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private long _queued;
    private TaskCompletionSource? _room;
    private volatile bool _overflowed;
    private volatile bool _failed;

    /// <summary>True when the client fell too far behind and the queue was closed.</summary>
    public bool Overflowed => _overflowed;

    /// <summary>True when nothing more can reach the client: it fell behind, or the socket failed or stalled.</summary>
    public bool Closed => _overflowed || _failed;

    /// <summary>Bytes queued and not yet written to the socket.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queued);

    /// <summary>Queues a small piece without waiting; closes the queue if the backlog would pass the bound.</summary>
    public bool TryEnqueue(byte[] data)
    {
        if (data.Length == 0)
        {
            return !Closed;
        }
        if (Interlocked.Add(ref _queued, data.Length) > Math.Max(maxBytes, data.Length))
        {
            Overflow();
            return false;
        }
        return _channel.Writer.TryWrite(data);
    }

    /// <summary>
    /// Queues <paramref name="text"/> as UTF-8 in chunks, waiting for the pump to make room whenever the
    /// backlog is at the bound. Returns false (and closes the queue) if the client makes no progress
    /// within the stall timeout. One caller at a time (the session's loop).
    /// </summary>
    public async Task<bool> EnqueueAsync(string text, CancellationToken cancellationToken)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        var chars = text.AsMemory();
        while (chars.Length > 0 && !Closed)
        {
            // A chunk of at most ChunkBytes: 3 bytes per UTF-16 unit at worst, 4 per surrogate pair.
            var take = Math.Min(chars.Length, ChunkBytes / 3);
            var chunk = new byte[encoder.GetByteCount(chars.Span[..take], flush: take == chars.Length)];
            encoder.GetBytes(chars.Span[..take], chunk, flush: take == chars.Length);
            chars = chars[take..];
            if (!await WaitForRoomAsync(chunk.Length, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
            Interlocked.Add(ref _queued, chunk.Length);
            if (chunk.Length > 0 && !_channel.Writer.TryWrite(chunk))
            {
                return false;
            }
        }
        return !Closed;
    }

    private async Task<bool> WaitForRoomAsync(int size, CancellationToken cancellationToken)
    {
        while (QueuedBytes > 0 && QueuedBytes + size > maxBytes)
        {
            // Publish the waiter first, then look again: the pump either sees it or we see its progress.
            var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _room, room);
            if (Closed)
            {
                return false;
            }
            if (QueuedBytes == 0 || QueuedBytes + size <= maxBytes)
            {
                break;
            }
            try
            {
                await room.Task.WaitAsync(stallTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Overflow();
                return false;
            }
        }
        return !Closed;
    }

    private void Overflow()
    {
        _overflowed = true;
        _channel.Writer.TryComplete();
        Interlocked.Exchange(ref _room, null)?.TrySetResult();
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
                    Interlocked.Exchange(ref _room, null)?.TrySetResult();
                }
            }
            return !Overflowed;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _failed = true;
            _channel.Writer.TryComplete();
            Interlocked.Exchange(ref _room, null)?.TrySetResult();
            return false;
        }
    }
}
