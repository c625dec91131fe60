using System.Diagnostics;
using System.Text.Json;
using Taskmon.Json;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

/// <summary>
/// GET /api/events: a server-sent event stream pushing one <c>summary</c> event per refresh interval
/// (counts, thread pool, tracking). The dashboard closes it while its tab is hidden. Streams are
/// capped, and a client that stops reading is dropped after a write timeout (<see cref="EventStreams"/>).
/// </summary>
internal sealed class LiveEvents
{
    public const int MaxStreams = 16;

    private readonly TaskmonApi _api;
    private readonly TimeSpan _interval;
    private readonly EventStreams _streams = new(MaxStreams, $"too many live event streams (at most {MaxStreams}); poll /api/summary instead");
    private Snapshot? _last;

    // Counting live tasks walks the registry; with many tasks and several dashboards open, one
    // summary per interval is computed and shared by every stream.
    private sealed record Snapshot(long Timestamp, byte[] Json);

    public LiveEvents(TaskmonApi api, TimeSpan interval)
    {
        _api = api;
        _interval = interval < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : interval;
    }

    public HttpResponse Open(QueryParameters query) => _streams.Open(query, StreamAsync);

    private async Task StreamAsync(Stream stream, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            await EventStreams.WriteAsync(stream, EventStreams.Event("summary", SummaryJson()), stopping).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
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
}
