using System.Text.Json;
using Taskmon.Json;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

/// <summary>
/// GET /api/top: the Top tab's server-sent event stream, one <c>top</c> event per frame of the monitor's
/// <see cref="Streaming.TaskWatcher"/> (new, changed and ended tasks, counts, thread pool, warnings). Each stream is a
/// watcher of the one shared producer, so a browser that reads slowly skips frames (it then gets a full frame);
/// streams are capped, and one that stops reading is dropped after the write timeout.
/// </summary>
internal sealed class TopEvents(TaskMonitor monitor, TimeSpan interval)
{
    public const int MaxStreams = 16;

    private int _open;

    public HttpResponse Open(QueryParameters query)
    {
        query.RejectUnknown();
        if (Volatile.Read(ref _open) >= MaxStreams)
        {
            return TaskmonApi.Error(503, $"too many top streams (at most {MaxStreams})");
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
            using var watcher = monitor.Watch(interval);
            await LiveEvents.WriteAsync(stream, "retry: 2000\n\n"u8.ToArray(), stopping).ConfigureAwait(false);
            while (!stopping.IsCancellationRequested)
            {
                var frame = await watcher.NextAsync(stopping).ConfigureAwait(false);
                var json = JsonSerializer.SerializeToUtf8Bytes(frame, TaskmonJsonContext.Default.WatchFrame);
                await LiveEvents.WriteAsync(stream, LiveEvents.Event("top", json), stopping).ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException)
        {
            // The monitor stopped: the stream ends.
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }
}
