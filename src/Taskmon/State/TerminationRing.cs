namespace Taskmon.State;

/// <summary>A fixed-capacity FIFO of terminated entries: adding past capacity overwrites the oldest.</summary>
internal sealed class TerminationRing(int capacity)
{
    private readonly TerminatedEntry?[] _slots = new TerminatedEntry?[Math.Max(1, capacity)];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public int Capacity => _slots.Length;

    public void Add(TerminatedEntry entry)
    {
        lock (_lock)
        {
            _slots[_next] = entry;
            _next = (_next + 1) % _slots.Length;
            if (_count < _slots.Length)
            {
                _count++;
            }
        }
    }

    /// <summary>Copies the entries, newest first.</summary>
    public List<TerminatedEntry> NewestFirst()
    {
        lock (_lock)
        {
            var result = new List<TerminatedEntry>(_count);
            for (var k = 1; k <= _count; k++)
            {
                var index = (_next - k + _slots.Length) % _slots.Length;
                result.Add(_slots[index]!);
            }

            return result;
        }
    }
}
