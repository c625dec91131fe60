using System.Text.Json;
using Taskmon.Json;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

/// <summary>
/// GET /api/top: the Top tab's server-sent event stream, one <c>top</c> event per frame of the monitor's
/// <see cref="Streaming.TaskWatcher"/> (new, changed and ended tasks, counts, thread pool, warnings). Each stream is a
/// watcher of the one shared producer, so a browser that reads slowly skips frames (it then gets a full frame);
/// streams are capped, and one that stops reading is dropped after the write timeout (<see cref="EventStreams"/>).
/// </summary>
internal sealed class TopEvents(TaskMonitor monitor, TimeSpan interval)
{
    public const int MaxStreams = 16;

    private readonly EventStreams _streams = new(MaxStreams, $"too many top streams (at most {MaxStreams})");

    public HttpResponse Open(QueryParameters query) => _streams.Open(query, StreamAsync);

    private async Task StreamAsync(Stream stream, CancellationToken stopping)
    {
        try
        {
            using var watcher = monitor.Watch(interval);
            while (!stopping.IsCancellationRequested)
            {
                var frame = await watcher.NextAsync(stopping).ConfigureAwait(false);
                var json = JsonSerializer.SerializeToUtf8Bytes(frame, TaskmonJsonContext.Default.WatchFrame);
                await EventStreams.WriteAsync(stream, EventStreams.Event("top", json), stopping).ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException)
        {
            // The monitor stopped: the stream ends.
        }
    }
}
