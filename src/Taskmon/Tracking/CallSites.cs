using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Tracking;

/// <summary>
/// The creation site and per-site stack of an explicit task, looked up by reference identity first: caller-information
/// strings are literals, the same object on every call from one line, so a small direct-mapped table of immutable slots
/// (file, line, member, resolved site, per-site stack) answers without hashing or comparing a path. A miss (a new site,
/// two sites sharing a slot, a path that is not a literal) goes to <see cref="SourcePaths.Site"/> and
/// <see cref="CreationStacks"/>, which compare by value, and takes the slot over.
/// </summary>
internal sealed class CallSites(SourcePaths paths, CreationStacks stacks, int slots = CallSites.DefaultSlots)
{
    internal const int DefaultSlots = 256;
    private readonly Slot?[] _slots = new Slot?[CeilingPowerOfTwo(slots)];

    /// <summary>
    /// The site of a call at <paramref name="file"/>:<paramref name="line"/> in <paramref name="member"/>, and the
    /// creation stack the current mode gives the task started there (per site: the site's one stack; sampled or always:
    /// one captured now, as for every task).
    /// </summary>
    public CreationSite Resolve(string member, string file, int line, out StackFrameInfo[]? stack)
    {
        var mode = stacks.Mode;
        var index = (int)(unchecked((uint)RuntimeHelpers.GetHashCode(file) ^ ((uint)line * 0x9E3779B1u)) & (uint)(_slots.Length - 1));
        var slot = Volatile.Read(ref _slots[index]);
        var hit = slot is not null && ReferenceEquals(slot.File, file) && slot.Line == line && ReferenceEquals(slot.Member, member);
        if (hit && mode != CreationStackMode.PerSite)
        {
            stack = stacks.For(file, line, mode);
            return slot!.Site;
        }

        if (hit && slot!.HasSiteStack)
        {
            stack = slot.Stack;
            return slot.Site;
        }

        stack = stacks.For(file, line, mode);
        var site = hit ? slot!.Site : paths.Site(member, file, line);
        Volatile.Write(ref _slots[index], new Slot(file, line, member, site, stack, HasSiteStack: mode == CreationStackMode.PerSite));
        return site;
    }

    private static int CeilingPowerOfTwo(int value) => (int)Math.Min(1 << 16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, value)));

    /// <summary>One site's answers; replaced whole, never changed, so a reader sees a consistent slot.</summary>
    private sealed record Slot(string File, int Line, string Member, CreationSite Site, StackFrameInfo[]? Stack, bool HasSiteStack);
}
