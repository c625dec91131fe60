using Taskmon.Inspection;

namespace Taskmon.Json;

/// <summary>Answer of POST /api/tasks/{id}/cancel: the monitor's result plus a sentence for the operator.</summary>
internal sealed record CancelAnswer(CancelResult Result, string Message);
