using System.Runtime.InteropServices;

namespace Taskmon.State;

/// <summary>
/// An int alone on its cache line (64 bytes of nothing on each side): for a field one thread writes often while others
/// read their neighbours on every event (or the reverse), so that each write does not take the line from the readers.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct PaddedInt
{
    [FieldOffset(64)]
    public int Value;
}
