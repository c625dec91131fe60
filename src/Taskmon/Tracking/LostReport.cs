namespace Taskmon.Tracking;

/// <summary>A lost-task report from the runtime, queued by the finalizer thread for the next sweep.</summary>
/// <param name="OperationName">The operation name its begin event carried (<c>Async: &lt;Loop&gt;d__4</c>).</param>
/// <param name="TypeName">The state machine's full type name.</param>
/// <param name="State">The await it was suspended at (<c>&lt;&gt;1__state</c>), when the payload had it.</param>
internal readonly record struct LostReport(string OperationName, string TypeName, int? State);
