using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Taskmon.Json;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

/// <summary>
/// GET /api/events: a server-sent event stream pushing one <c>summary</c> event per refresh interval
/// (counts, thread pool, tracking). The dashboard closes it while its tab is hidden. Streams are
/// capped, and a client that stops reading is dropped after a write timeout.
/// </summary>
internal sealed class LiveEvents
{
    public const int MaxStreams = 16;
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private readonly TaskmonApi _api;
    private readonly TimeSpan _interval;
    private int _open;
    private Snapshot? _last;

    // Counting live tasks walks the registry; with many tasks and several dashboards open, one
    // summary per interval is computed and shared by every stream.
    private sealed record Snapshot(long Timestamp, byte[] Json);

    public LiveEvents(TaskmonApi api, TimeSpan interval)
    {
        _api = api;
        _interval = interval < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : interval;
    }

    public HttpResponse Open(QueryParameters query)
    {
        query.RejectUnknown();
        if (Volatile.Read(ref _open) >= MaxStreams)
        {
            return TaskmonApi.Error(503, $"too many live event streams (at most {MaxStreams}); poll /api/summary instead");
        }

        var response = new HttpResponse(200, "text/event-stream; charset=utf-8", ReadOnlyMemory<byte>.Empty) { Streamer = StreamAsync };
        response.Headers["Cache-Control"] = "no-store";
        return response;
    }

    private async Task StreamAsync(Stream stream, CancellationToken stopping)
    {
        if (Interlocked.Increment(ref _open) > MaxStreams)
        {
            Interlocked.Decrement(ref _open);
            return;
        }
        try
        {
            await WriteAsync(stream, "retry: 2000\n\n"u8.ToArray(), stopping).ConfigureAwait(false);
            using var timer = new PeriodicTimer(_interval);
            do
            {
                await WriteAsync(stream, Event("summary", SummaryJson()), stopping).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private byte[] SummaryJson()
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && Stopwatch.GetElapsedTime(last.Timestamp) < _interval / 2)
        {
            return last.Json;
        }

        var fresh = new Snapshot(Stopwatch.GetTimestamp(), JsonSerializer.SerializeToUtf8Bytes(_api.Summary(null), TaskmonJsonContext.Default.Summary));
        Volatile.Write(ref _last, fresh);
        return fresh.Json;
    }

    /// <summary>One server-sent event: <c>event: NAME</c>, the JSON as its data line, a blank line.</summary>
    internal static byte[] Event(string name, byte[] json)
    {
        var head = Encoding.ASCII.GetBytes($"event: {name}\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame, head.Length);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }

    internal static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(WriteTimeout);
        await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
    }
}
