using Taskmon.Runtime;

namespace Taskmon.Inspection;

/// <summary>
/// Async stacks of live tasks: each frame's state machine, state and what it awaits, read through
/// <see cref="StateMachineBoxes"/> (the runtime seam). Anything unexpected yields "unknown", never a throw.
/// Under Native AOT the field metadata is usually trimmed, so frames degrade to method names without states.
/// </summary>
internal static class AsyncStacks
{
    private const int MaxDepth = 64;

    public static TaskState StateOf(Task task)
    {
        if (task.IsCompleted)
        {
            return TaskState.Unknown;
        }

        var machine = StateMachineBoxes.Machine(task);
        if (machine is null)
        {
            return TaskState.Unknown;
        }

        var state = StateMachineBoxes.State(machine);
        return state switch
        {
            null => TaskState.Unknown,
            -1 => TaskState.Running,
            >= 0 => TaskState.Waiting,
            _ => TaskState.Unknown,
        };
    }

    /// <summary>Walks from <paramref name="root"/> down through what each frame awaits; returns innermost first.</summary>
    public static List<(Type Machine, int State, string? Awaiting)> Walk(Task root, out bool complete)
    {
        var frames = new List<(Type, int, string?)>();
        complete = true;
        var task = root;
        for (var depth = 0; depth < MaxDepth && task is not null && !task.IsCompleted; depth++)
        {
            var machineType = StateMachineBoxes.MachineType(task);
            if (machineType is null)
            {
                break;
            }

            var machine = StateMachineBoxes.Machine(task);
            var state = machine is null ? null : StateMachineBoxes.State(machine);
            if (state is null)
            {
                complete = false;
                frames.Add((machineType, -2, null));
                break;
            }

            var awaited = machine is null || state < 0 ? null : StateMachineBoxes.Awaited(machine);
            frames.Add((machineType, state.Value, awaited is null ? null : Describe(awaited)));
            task = awaited as Task;
        }

        frames.Reverse();
        return frames;
    }

    private static string? Describe(object awaited)
    {
        if (awaited is Task task)
        {
            var machine = MethodNames.OfTask(task);
            if (machine is not null)
            {
                return machine;
            }

            var typeName = task.GetType().Name;
            return typeName switch
            {
                "DelayPromise" or "DelayPromiseWithCancellation" => "Task.Delay",
                _ when task.AsyncState is not null => task.AsyncState.GetType().Name,
                "Task" or "Task`1" => "a TaskCompletionSource or promise task",
                _ => NameDemangler.TypeName(task.GetType()),
            };
        }

        return NameDemangler.TypeName(awaited.GetType());
    }
}
