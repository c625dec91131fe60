using Taskmon.Inspection;

namespace Taskmon.Json;

/// <summary>What the dashboard refreshes every second (GET /api/summary and each server-sent event).</summary>
internal sealed record Summary(TaskCounts Counts, ThreadPoolState ThreadPool, TrackingStatus Tracking);
