using System.Text;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

/// <summary>
/// What every server-sent event endpoint shares: a cap on open streams (503 beyond it), the response head, the
/// retry hint, events as <c>event: NAME</c> + one JSON data line, and writes that give up on a client that stops
/// reading (the write timeout), so a stuck browser costs one bounded stream and nothing else.
/// </summary>
internal sealed class EventStreams(int max, string busyMessage)
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private int _open;

    public HttpResponse Open(QueryParameters query, Func<Stream, CancellationToken, Task> events)
    {
        query.RejectUnknown();
        if (Volatile.Read(ref _open) >= max)
        {
            return TaskmonApi.Error(503, busyMessage);
        }

        var response = new HttpResponse(200, "text/event-stream; charset=utf-8", ReadOnlyMemory<byte>.Empty) { Streamer = (stream, stopping) => RunAsync(stream, events, stopping) };
        response.Headers["Cache-Control"] = "no-store";
        return response;
    }

    /// <summary>One server-sent event: <c>event: NAME</c>, the JSON as its data line, a blank line.</summary>
    public static byte[] Event(string name, byte[] json)
    {
        var head = Encoding.ASCII.GetBytes($"event: {name}\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame, head.Length);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }

    public static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(WriteTimeout);
        await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
    }

    private async Task RunAsync(Stream stream, Func<Stream, CancellationToken, Task> events, CancellationToken stopping)
    {
        if (Interlocked.Increment(ref _open) > max)
        {
            Interlocked.Decrement(ref _open);
            return;
        }

        try
        {
            await WriteAsync(stream, "retry: 2000\n\n"u8.ToArray(), stopping).ConfigureAwait(false);
            await events(stream, stopping).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }
}
