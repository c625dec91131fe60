using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.Diagnostics.Runtime;
using Taskmon.Inspection;

namespace Taskmon.Attach;

/// <summary>
/// Source lines for a snapshot, in two steps so that the target is not kept stopped while PDBs are read: while
/// attached, <see cref="Note(ClrType, int, PendingNode)"/> and <see cref="Note(ClrMethod, int, ThreadFrame)"/> record
/// which module (path and PDB id), method token and state or IL offset each line needs; after the detach,
/// <see cref="Resolve"/> reads the portable PDB beside each assembly (through /proc/PID/root, right in another mount
/// namespace too) and fills them in. A PDB whose id is not the one the loaded module names (rebuilt since the process
/// started) gives no lines.
/// </summary>
internal sealed class AwaitSourceLines
{
    private readonly int _pid;
    private readonly Dictionary<ulong, ModuleRef?> _modules = [];
    private readonly Dictionary<ulong, int> _moveNextTokens = [];
    private readonly List<(ModuleRef Module, int Token, int State, PendingNode Node)> _awaits = [];
    private readonly List<(ModuleRef Module, int Token, int ILOffset, ThreadFrame Frame)> _frames = [];

    public AwaitSourceLines(int pid) => _pid = pid;

    /// <summary>An async method suspended at <paramref name="state"/>: its await's line goes to the node.</summary>
    public void Note(ClrType machine, int state, PendingNode node)
    {
        if (state < 0 || Module(machine.Module) is not { } module)
        {
            return;
        }
        if (!_moveNextTokens.TryGetValue(machine.MethodTable, out var token))
        {
            token = machine.Methods.FirstOrDefault(static m => m.Name == "MoveNext")?.MetadataToken ?? 0;
            _moveNextTokens[machine.MethodTable] = token;
        }
        if (token != 0)
        {
            _awaits.Add((module, token, state, node));
        }
    }

    /// <summary>A thread's frame at <paramref name="ilOffset"/> of <paramref name="method"/>.</summary>
    public void Note(ClrMethod method, int ilOffset, ThreadFrame frame)
    {
        if (ilOffset >= 0 && method.MetadataToken != 0 && Module(method.Type?.Module) is { } module)
        {
            _frames.Add((module, method.MetadataToken, ilOffset, frame));
        }
    }

    /// <summary>Reads the PDBs (the target may run again by now) and fills in every noted line.</summary>
    public void Resolve()
    {
        var pdbs = new Dictionary<ModuleRef, MetadataReaderProvider?>();
        var lines = new Dictionary<(ModuleRef, int), (string File, int Line)[]>();
        try
        {
            foreach (var (module, token, state, node) in _awaits)
            {
                if (!lines.TryGetValue((module, token), out var awaits))
                {
                    awaits = Reader(pdbs, module) is { } reader ? Safe(() => PortablePdbAwaits.Lines(reader, Handle(token))) ?? [] : [];
                    lines[(module, token)] = awaits;
                }
                if (state < awaits.Length && awaits[state].File.Length > 0)
                {
                    node.File = TerminalText.Clean(awaits[state].File);
                    node.Line = awaits[state].Line;
                }
            }
            foreach (var (module, token, ilOffset, frame) in _frames)
            {
                if (Reader(pdbs, module) is { } reader && Safe(() => PortablePdbAwaits.LineAt(reader, Handle(token), ilOffset)) is { File.Length: > 0 } line)
                {
                    frame.File = TerminalText.Clean(line.File);
                    frame.Line = line.Line;
                }
            }
        }
        finally
        {
            foreach (var provider in pdbs.Values)
            {
                provider?.Dispose();
            }
        }
    }

    private ModuleRef? Module(ClrModule? module)
    {
        if (module is null)
        {
            return null;
        }
        if (!_modules.TryGetValue(module.Address, out var found))
        {
            found = module.Name is { Length: > 0 } path ? new ModuleRef(path, module.Pdb?.Guid) : null;
            _modules[module.Address] = found;
        }
        return found;
    }

    private MetadataReader? Reader(Dictionary<ModuleRef, MetadataReaderProvider?> pdbs, ModuleRef module)
    {
        if (!pdbs.TryGetValue(module, out var provider))
        {
            var viaRoot = $"/proc/{_pid}/root{module.Path}";
            provider = PortablePdbAwaits.Open(File.Exists(viaRoot) ? viaRoot : module.Path);
            if (provider is not null && !Matches(provider, module.PdbId))
            {
                provider.Dispose();
                provider = null;
            }
            pdbs[module] = provider;
        }
        return provider?.GetMetadataReader();
    }

    private static bool Matches(MetadataReaderProvider provider, Guid? expected)
    {
        try
        {
            var id = provider.GetMetadataReader().DebugMetadataHeader?.Id;
            return expected is null || expected == Guid.Empty || (id is { Length: >= 16 } bytes && new Guid(bytes.AsSpan(0, 16)) == expected);
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static MethodDefinitionHandle Handle(int token) => (MethodDefinitionHandle)MetadataTokens.EntityHandle(token);

    private static T? Safe<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is BadImageFormatException or ArgumentException or InvalidOperationException or InvalidCastException)
        {
            return default;
        }
    }

    /// <summary>A loaded module: its file in the target's file system and the PDB id it was built with.</summary>
    private sealed record ModuleRef(string Path, Guid? PdbId);
}
