using Microsoft.Diagnostics.Runtime;
using Taskmon.Inspection;

namespace Taskmon.Attach;

/// <summary>
/// One pass over the target's heap that keeps every pending task (and every value task source some async method
/// waits on), then links them: a task's continuations name who waits for it; an async method's current awaiter
/// names what it waits for.
/// </summary>
internal sealed class HeapScan
{
    // Task.m_stateFlags: TASK_STATE_RAN_TO_COMPLETION | TASK_STATE_FAULTED | TASK_STATE_CANCELED.
    private const int Completed = 0x1000000 | 0x200000 | 0x400000;
    private readonly ClrHeap _heap;
    private readonly TypeRoles _roles = new();
    private readonly StateMachines _machines;
    private readonly AwaitSourceLines _lines;
    private readonly Dictionary<ulong, string> _methodNames = [];
    private readonly Dictionary<ulong, PendingNode> _nodes = [];
    private readonly List<(PendingNode Node, ClrObject Continuation)> _continuations = [];
    private readonly List<(ClrObject Box, ClrInstanceField StateMachine, PendingNode Node)> _boxes = [];
    private readonly List<(ClrObject Source, ulong Waiter)> _sources = [];

    public HeapScan(ClrHeap heap, AwaitSourceLines lines)
    {
        _heap = heap;
        _lines = lines;
        _machines = new StateMachines(heap.Runtime.DataTarget.DataReader);
    }

    public long ObjectsSeen { get; private set; }

    public IReadOnlyCollection<PendingNode> Nodes => _nodes.Values;

    /// <summary>A pending node nobody waits for: where a chain starts.</summary>
    public bool IsRoot(ulong address) => _nodes.TryGetValue(address, out var node) && node.AwaitedBy.Count == 0;

    public void Run(CancellationToken cancellationToken)
    {
        foreach (var obj in _heap.EnumerateObjects())
        {
            if ((++ObjectsSeen & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (obj.Type is not { } type)
            {
                continue;
            }
            var role = _roles.Of(type);
            switch (role.Kind)
            {
                case RoleKind.Task or RoleKind.Box:
                    Keep(obj, role);
                    break;
                case RoleKind.Source when IsAwaited(obj, role):
                    _sources.Add((obj, role.ContinuationState!.ReadObject(obj.Address, interior: false).Address));
                    break;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        Link();
    }

    /// <summary>
    /// A value task source is awaited while its continuation is a real callback with a state; completed or reset
    /// (pooled) ones keep a sentinel delegate (<c>CompletedSentinel</c>, <c>s_sentinel</c>) or nothing.
    /// </summary>
    private static bool IsAwaited(ClrObject source, TypeRole role)
    {
        var continuation = role.SourceContinuation!.ReadObject(source.Address, interior: false);
        if (continuation.IsNull || role.ContinuationState!.ReadObject(source.Address, interior: false).IsNull)
        {
            return false;
        }
        var method = continuation.IsDelegate ? continuation.AsDelegate().GetDelegateTarget()?.Method?.Name : null;
        return method is null || !method.Contains("entinel", StringComparison.Ordinal);
    }

    private void Keep(ClrObject task, TypeRole role)
    {
        if ((role.StateFlags!.Read<int>(task.Address, interior: false) & Completed) != 0)
        {
            return;
        }
        PendingNode node;
        if (role.Kind == RoleKind.Box)
        {
            node = new PendingNode(task.Address, NodeKind.AsyncMethod, "?");
            _boxes.Add((task, role.StateMachine!, node));
        }
        else
        {
            node = new PendingNode(task.Address, NodeKind.Task, TaskNames.Describe(task, role));
        }
        _nodes[task.Address] = node;
        var continuation = role.Continuation!.ReadObject(task.Address, interior: false);
        if (!continuation.IsNull)
        {
            _continuations.Add((node, continuation));
        }
    }

    private void Link()
    {
        var waiters = new List<ulong>();
        foreach (var (node, continuation) in _continuations)
        {
            waiters.Clear();
            var blocked = false;
            Continuations.Resolve(continuation, _roles, waiters, ref blocked);
            node.BlockedThreadWaits |= blocked;
            foreach (var waiter in waiters)
            {
                if (_nodes.TryGetValue(waiter, out var parent))
                {
                    parent.Await(node);
                }
            }
        }

        // Class state machines (Debug builds, async iterators) are awaited as objects of their own: map each to its box.
        var machines = new List<(ClrObject Box, PendingNode Node, MachineView? Machine)>(_boxes.Count);
        var boxOfMachine = new Dictionary<ulong, PendingNode>();
        foreach (var (box, field, node) in _boxes)
        {
            var machine = _machines.Read(box, field);
            machines.Add((box, node, machine));
            if (machine is { Address: var address, Interior: false })
            {
                boxOfMachine[address] = node;
            }
        }
        foreach (var (box, node, machine) in machines)
        {
            Describe(box, node, machine, boxOfMachine);
        }

        foreach (var (source, waiter) in _sources)
        {
            if (_nodes.TryGetValue(waiter, out var parent) && parent.Kind == NodeKind.AsyncMethod)
            {
                parent.Await(SourceNode(source));
            }
        }
    }

    private void Describe(ClrObject box, PendingNode node, MachineView? view, Dictionary<ulong, PendingNode> boxOfMachine)
    {
        if (view is not { } machine)
        {
            node.Name = TerminalText.Clean(NameDemangler.OfMethod(box.Type?.Name, "MoveNext"));
            return;
        }
        if (!_methodNames.TryGetValue(machine.Type.MethodTable, out var name))
        {
            name = TerminalText.Clean(NameDemangler.OfMethod(machine.Type.Name, "MoveNext"));
            _methodNames[machine.Type.MethodTable] = name;
        }
        node.Name = name;
        node.State = machine.State;
        _lines.Note(machine.Type, machine.State, node);
        if (machine.Awaited != 0 && machine.Awaited != box.Address)
        {
            if (_nodes.TryGetValue(machine.Awaited, out var awaited) || boxOfMachine.TryGetValue(machine.Awaited, out awaited))
            {
                node.Await(awaited);
            }
            else if (_heap.GetObject(machine.Awaited) is { Type: { } type } obj && _roles.Of(type).Kind == RoleKind.Source)
            {
                node.Await(SourceNode(obj));
            }
        }
        if (node.Awaits.Count == 0)
        {
            node.AwaiterHint = TaskNames.DescribeAwaiter(machine.AwaiterType);
        }
    }

    private PendingNode SourceNode(ClrObject source)
    {
        if (!_nodes.TryGetValue(source.Address, out var node))
        {
            node = new PendingNode(source.Address, NodeKind.Source, TerminalText.Clean(TaskNames.DescribeSource(source.Type!)));
            _nodes[source.Address] = node;
        }
        return node;
    }
}
