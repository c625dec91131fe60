using System.Collections.Immutable;
using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>
/// A module of the target whose lazily read properties never throw. ClrMD's live Linux reader builds its modules over
/// itself, and they read the target's memory (headers, exports) on first use; once the target has died that read
/// throws <see cref="InvalidOperationException"/> ("The process has exited"). The runtime's DAC asks for modules from
/// inside its own native frames (a failed memory read falls back to the module's file, which looks the module up), and
/// an exception cannot cross those frames: the process ends with "Unhandled exception" before any catch runs. Behind
/// this wrapper such a read answers "nothing known" (0, empty), the DAC's read fails, and the walk ends on the main
/// thread where the exit is reported.
/// </summary>
/// <param name="inner">ClrMD's module.</param>
/// <param name="failed">Told of each read that failed (the reader notes a target that is gone).</param>
internal sealed class GuardedModule(ModuleInfo inner, Action<Exception> failed) : ModuleInfo(inner.ImageBase, inner.FileName)
{
    public override ModuleKind Kind => inner.Kind;

    public override int IndexFileSize => Guard(static m => m.IndexFileSize, 0);

    public override int IndexTimeStamp => Guard(static m => m.IndexTimeStamp, 0);

    public override Version Version => Guard(static m => m.Version, new Version());

    public override ImmutableArray<byte> BuildId => Guard(static m => m.BuildId, []);

    public override PdbInfo? Pdb => Guard(static m => m.Pdb, null);

    public override bool IsManaged => Guard(static m => m.IsManaged, false);

    public override IResourceNode? ResourceRoot => Guard(static m => m.ResourceRoot, null);

    protected override long ImageSizeCore => Guard(static m => m.ImageSize, 0L);

    public override ulong GetExportSymbolAddress(string symbol)
    {
        try
        {
            return inner.GetExportSymbolAddress(symbol);
        }
        catch (Exception e) when (IsGone(e))
        {
            failed(e);
            return 0;
        }
    }

    /// <summary>What ClrMD's readers throw for a target that is gone or no longer readable.</summary>
    public static bool IsGone(Exception e) => e is InvalidOperationException or IOException or UnauthorizedAccessException;

    private T Guard<T>(Func<ModuleInfo, T> read, T fallback)
    {
        try
        {
            return read(inner);
        }
        catch (Exception e) when (IsGone(e))
        {
            failed(e);
            return fallback;
        }
    }
}
