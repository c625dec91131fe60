using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// One app thread's open discovered runs (TraceSynchronousWorkBegin/End), innermost on top: the top is the task that
/// ran on that thread at that point, the parent of anything it created. Rebuilt by the drain from the thread's own
/// events in their order (<see cref="EventBuffer.Runs"/>), so only the drain touches it.
/// </summary>
internal sealed class RunStack
{
    private const int Capacity = 32;
    private readonly TaskRecord?[] _records = new TaskRecord?[Capacity];
    private int _depth;

    public TaskRecord? Top => _depth > 0 && _depth <= Capacity ? _records[_depth - 1] : null;

    /// <summary>A run of <paramref name="record"/> (null: a task not tracked) began at <paramref name="timestamp"/>.</summary>
    public void Push(TaskRecord? record, long timestamp)
    {
        if (_depth < Capacity)
        {
            _records[_depth] = record;
        }

        _depth++;
        if (record is not null)
        {
            record.Resumptions++;
            Volatile.Write(ref record.RunStartTimestamp, timestamp);
        }
    }

    /// <summary>Adds the records of the open runs to <paramref name="into"/>.</summary>
    public void AddTo(HashSet<TaskRecord> into)
    {
        for (var i = Math.Min(_depth, Capacity) - 1; i >= 0; i--)
        {
            if (_records[i] is { } record)
            {
                into.Add(record);
            }
        }
    }

    public TaskRecord? Pop()
    {
        if (_depth == 0)
        {
            return null;
        }

        _depth--;
        if (_depth >= Capacity)
        {
            return null;
        }

        var record = _records[_depth];
        _records[_depth] = null;
        return record;
    }
}
