namespace Taskmon.Tracking;

/// <summary>What the monitor shows for one async method, resolved once per state machine type or operation name.</summary>
/// <param name="Name">Short name, <c>Type.Method</c>.</param>
/// <param name="Method">Full name, <c>Namespace.Type.Method</c> (just the method when the type is not known).</param>
/// <param name="Persistent">Whether the method carries <see cref="PersistentTaskAttribute"/>.</param>
internal sealed record MachineInfo(string Name, string Method, bool Persistent)
{
    /// <summary>The state machine type, when resolved from one.</summary>
    public Type? Machine { get; init; }

    /// <summary>The operation name the runtime's events give the state machine (<c>Async: &lt;M&gt;d__N</c>), built once.</summary>
    public string? OperationName { get; init; }

    /// <summary>Whether the state machine is the monitor's own wrapper around explicit work (never a task of its own).</summary>
    public bool ExplicitCompletion { get; init; }

    /// <summary>Whether the method is the monitor's own (declared in a Taskmon assembly): hidden from lists unless asked.</summary>
    public bool Monitor { get; init; }
}
