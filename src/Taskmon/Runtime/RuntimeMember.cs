namespace Taskmon.Runtime;

/// <summary>The private runtime members behind <see cref="RuntimeMembers"/>, one per feature that needs them.</summary>
internal enum RuntimeMember
{
    /// <summary><c>Task.s_asyncDebuggingEnabled</c> and <c>Task.s_currentActiveTasks</c>: Pending discovery, task objects in Full.</summary>
    TaskTable,

    /// <summary>TplEventSource events 14, 15, 17, 18, 27 and their payloads: Full discovery.</summary>
    TplEvents,

    /// <summary>The box's <c>StateMachine</c> field: states and async stacks.</summary>
    BoxStateMachine,

    /// <summary>The machine's <c>&lt;&gt;1__state</c>: which await a method waits at.</summary>
    MachineState,

    /// <summary><c>&lt;&gt;u__N</c> awaiters and their <c>m_task</c> / <c>_value._obj</c>: what each frame awaits.</summary>
    AwaiterTask,

    /// <summary><c>Task.m_contingentProperties.m_exceptionsHolder.m_faultExceptions</c>: exceptions of discovered faults.</summary>
    FaultHolder,

    /// <summary>The compiler's <c>&lt;Method&gt;d__N</c> state machine names: method names from operation names.</summary>
    FrameNames,
}
