using System.Runtime.CompilerServices;
using Taskmon.Inspection;

namespace Taskmon.Runtime;

/// <summary>
/// The seam's self-check: every private runtime member the monitor reads (<see cref="RuntimeMember"/>), looked up once
/// per monitor start by using it on a probe (an async method suspended on a gate, a faulted task). A member that is
/// missing takes only its feature with it: the accessors answer null, discovery falls back to the level that does not
/// need it. Each missing member is logged once and listed by <c>tracking status</c>.
/// </summary>
internal static class RuntimeMembers
{
    private static readonly (RuntimeMember Member, string Name, string Feature)[] s_members =
    [
        (RuntimeMember.TaskTable, "Task.s_asyncDebuggingEnabled, Task.s_currentActiveTasks", "Pending discovery; task objects (live stacks) of discovered tasks"),
        (RuntimeMember.TplEvents, "TplEventSource events 14, 15, 17, 18, 27 and their payloads", "Full discovery"),
        (RuntimeMember.BoxStateMachine, "AsyncStateMachineBox.StateMachine", "states and async stacks of live tasks"),
        (RuntimeMember.MachineState, "<>1__state", "which await a task waits at (state, await line)"),
        (RuntimeMember.AwaiterTask, "<>u__N awaiters (m_task, _value._obj)", "what each async frame awaits (stacks below the first frame)"),
        (RuntimeMember.FaultHolder, "Task.m_contingentProperties.m_exceptionsHolder.m_faultExceptions", "exceptions of faulted discovered tasks"),
        (RuntimeMember.FrameNames, "<Method>d__N state machine names", "method names from operation names"),
    ];

    private static int s_hidden;
    private static IReadOnlyList<RuntimeMemberCheck> s_last = [];
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<RuntimeMember, string> s_lateMisses = [];

    /// <summary>The checks of the last start, with members found missing since (an event of another shape).</summary>
    public static IReadOnlyList<RuntimeMemberCheck> Last => Volatile.Read(ref s_last);

    public static bool IsHidden(RuntimeMember member) => (Volatile.Read(ref s_hidden) & (1 << (int)member)) != 0;

    public static bool IsMissing(RuntimeMember member)
    {
        if (IsHidden(member))
        {
            return true;
        }

        lock (s_gate)
        {
            return s_lateMisses.ContainsKey(member);
        }
    }

    /// <summary>Test hook: plays a runtime without <paramref name="member"/> until the result is disposed.</summary>
    internal static IDisposable Hide(RuntimeMember member)
    {
        var bit = 1 << (int)member;
        int before, after;
        do
        {
            before = Volatile.Read(ref s_hidden);
            after = before | bit;
        }
        while (Interlocked.CompareExchange(ref s_hidden, after, before) != before);
        return new Unhide(bit);
    }

    /// <summary>Checks every member now; returns the list (also kept as <see cref="Last"/>).</summary>
    public static IReadOnlyList<RuntimeMemberCheck> Check()
    {
        var notes = new Dictionary<RuntimeMember, (bool Found, string? Note)>
        {
            [RuntimeMember.TaskTable] = ActiveTaskTable.Readable(out var tableNote) ? (true, tableNote) : (false, tableNote),
            [RuntimeMember.TplEvents] = IsHidden(RuntimeMember.TplEvents)
                ? (false, "hidden by a test")
                : (true, "payload layouts are checked at each event's first arrival"),
        };
        ProbeBox(notes);
        ProbeFault(notes);

        var checks = new List<RuntimeMemberCheck>(s_members.Length);
        lock (s_gate)
        {
            s_lateMisses.Clear();
            foreach (var (member, name, feature) in s_members)
            {
                var (found, note) = notes[member];
                checks.Add(new RuntimeMemberCheck { Member = name, Feature = feature, Found = found, Note = note });
            }

            // Monitors start many times in one process; an unchanged result keeps the same list, so two statuses
            // read around another monitor's start still compare equal.
            if (checks.SequenceEqual(s_last))
            {
                return s_last;
            }

            Volatile.Write(ref s_last, checks);
        }

        return checks;
    }

    /// <summary>A member found missing after the start (an event arrived in another shape): recorded once; true the first time.</summary>
    public static bool ReportMissing(RuntimeMember member, string note)
    {
        lock (s_gate)
        {
            if (!s_lateMisses.TryAdd(member, note))
            {
                return false;
            }

            var checks = new List<RuntimeMemberCheck>(s_last);
            var name = Array.Find(s_members, m => m.Member == member).Name;
            var at = checks.FindIndex(c => c.Member == name);
            if (at >= 0)
            {
                checks[at] = checks[at] with { Found = false, Note = note };
            }

            Volatile.Write(ref s_last, checks);
            return true;
        }
    }

    /// <summary>The name and feature of <paramref name="member"/>, for log lines.</summary>
    public static string Describe(RuntimeMember member)
    {
        var (_, name, feature) = Array.Find(s_members, m => m.Member == member);
        return $"{name} ({feature})";
    }

    private static void ProbeBox(Dictionary<RuntimeMember, (bool, string?)> notes)
    {
        var aot = RuntimeFeature.IsDynamicCodeSupported ? null : "Native AOT: metadata trimmed";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = ProbeAsync(gate.Task);
        try
        {
            var machineType = StateMachineBoxes.MachineType(probe);
            notes[RuntimeMember.FrameNames] = machineType?.Name.StartsWith("<" + nameof(ProbeAsync) + ">d__", StringComparison.Ordinal) == true
                ? (true, null)
                : (false, $"the probe's state machine is named {machineType?.Name ?? "(no state machine)"}");
            var machine = StateMachineBoxes.Machine(probe);
            notes[RuntimeMember.BoxStateMachine] = machine is null ? (false, Miss(RuntimeMember.BoxStateMachine, aot)) : (true, null);
            var state = machine is null ? null : StateMachineBoxes.State(machine);
            notes[RuntimeMember.MachineState] = state == 0 ? (true, null) : (false, Miss(RuntimeMember.MachineState, machine is null ? "needs the box's StateMachine" : aot));
            var awaited = machine is null ? null : StateMachineBoxes.Awaited(machine);
            notes[RuntimeMember.AwaiterTask] = ReferenceEquals(awaited, gate.Task) ? (true, null) : (false, Miss(RuntimeMember.AwaiterTask, machine is null ? "needs the box's StateMachine" : aot));
        }
        finally
        {
            gate.SetResult();
        }
    }

    private static void ProbeFault(Dictionary<RuntimeMember, (bool, string?)> notes)
    {
        var fault = new InvalidOperationException("taskmon probe");
        var faulted = Task.FromException(fault);
        var seen = StateMachineBoxes.PeekException(faulted);
        _ = faulted.Exception; // observed: the probe never reaches the app's UnobservedTaskException
        notes[RuntimeMember.FaultHolder] = ReferenceEquals(seen, fault) ? (true, null) : (false, Miss(RuntimeMember.FaultHolder, null));
    }

    private static string Miss(RuntimeMember member, string? reason) =>
        IsHidden(member) ? "hidden by a test" : reason ?? "not found in this runtime";

    private static async Task ProbeAsync(Task gate) => await gate.ConfigureAwait(false);

    private sealed class Unhide(int bit) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0)
            {
                return;
            }

            int before, after;
            do
            {
                before = Volatile.Read(ref s_hidden);
                after = before & ~bit;
            }
            while (Interlocked.CompareExchange(ref s_hidden, after, before) != before);
        }
    }
}
