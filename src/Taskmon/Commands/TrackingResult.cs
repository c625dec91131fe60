using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>tracking</c>: what is tracked now, and what was just changed (null for <c>status</c>).</summary>
internal sealed record TrackingResult(TrackingStatus Status, string? Change) : CommandResult;
