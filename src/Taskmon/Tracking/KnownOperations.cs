using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Tracking;

/// <summary>
/// An async method's operation name as one thread has seen it begin before: the name's one shared instance, what the
/// monitor shows for it, and its creation stack when stacks are kept once per site. The runtime builds a new name
/// string for every begin event; the listener's callback finds its entry here by content (a few compares, no hashing
/// of the whole name, no lock) and posts the entry, so neither it nor the drain looks the name up in a shared cache.
/// </summary>
internal sealed class KnownOperation(string name, MachineInfo info, StackFrameInfo[]? stack, CreationStackMode mode)
{
    public string Name { get; } = name;

    public MachineInfo Info { get; } = info;

    /// <summary>The site's creation stack, when <see cref="Mode"/> is <see cref="CreationStackMode.PerSite"/>.</summary>
    public StackFrameInfo[]? Stack { get; } = stack;

    /// <summary>The creation-stack mode this entry was made under (the mode can change at run time).</summary>
    public CreationStackMode Mode { get; } = mode;
}

/// <summary>
/// One thread's recently begun operation names (the producer's side of its <see cref="EventBuffer"/>): a small
/// direct-mapped table, so an app with more methods than slots just finds fewer of them here.
/// </summary>
internal sealed class KnownOperations
{
    private const int Slots = 32;

    // The slots used are [Pad, Pad + Slots): a cache line of unused ones at each end keeps them off the lines of the
    // objects allocated next to the array (the drain's run stack of this thread, written on every run event).
    private const int Pad = 8;
    private readonly KnownOperation?[] _slots = new KnownOperation?[Slots + (2 * Pad)];

    /// <summary>The entry for <paramref name="operationName"/> made under <paramref name="mode"/>, or null.</summary>
    public KnownOperation? Find(string operationName, CreationStackMode mode)
    {
        var known = _slots[Slot(operationName)];
        return known is not null && known.Mode == mode && string.Equals(known.Name, operationName, StringComparison.Ordinal) ? known : null;
    }

    public void Remember(KnownOperation known) => _slots[Slot(known.Name)] = known;

    // Names look like "Async: <Method>d__N": the length, the method's first letter and the number tell most apart.
    private static int Slot(string name) => Pad + (name.Length == 0 ? 0 : ((name.Length * 7) + (name[Math.Min(8, name.Length - 1)] * 3) + name[^1]) & (Slots - 1));
}
