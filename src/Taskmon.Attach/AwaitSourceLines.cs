using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.Diagnostics.Runtime;
using Taskmon.Inspection;

namespace Taskmon.Attach;

/// <summary>
/// Await lines of the target's async methods: the state machine's <c>MoveNext</c> token and module path come from the
/// target; the portable PDB beside that assembly (read from this side) maps the state to the await's line.
/// Cached per state machine type and per module for one snapshot.
/// </summary>
internal sealed class AwaitSourceLines : IDisposable
{
    private readonly int _pid;
    private readonly Dictionary<string, MetadataReaderProvider?> _pdbs = [];
    private readonly Dictionary<ulong, (string File, int Line)[]> _byMachine = [];

    public AwaitSourceLines(int pid) => _pid = pid;

    public (string File, int Line)? Find(ClrType machine, int state)
    {
        if (state < 0)
        {
            return null;
        }
        if (!_byMachine.TryGetValue(machine.MethodTable, out var lines))
        {
            lines = Resolve(machine);
            _byMachine[machine.MethodTable] = lines;
        }
        return state < lines.Length && lines[state].File.Length > 0 ? lines[state] : null;
    }

    /// <summary>The source line of an IL offset in a method of the target, for thread stacks.</summary>
    public (string File, int Line)? Find(ClrMethod method, int ilOffset)
    {
        if (ilOffset < 0 || method.Type?.Module is not { } module || Reader(module) is not { } reader)
        {
            return null;
        }
        try
        {
            var line = PortablePdbAwaits.LineAt(reader, (MethodDefinitionHandle)MetadataTokens.EntityHandle(method.MetadataToken), ilOffset);
            return line.File.Length > 0 ? line : null;
        }
        catch (Exception e) when (e is BadImageFormatException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var provider in _pdbs.Values)
        {
            provider?.Dispose();
        }
        _pdbs.Clear();
    }

    private (string File, int Line)[] Resolve(ClrType machine)
    {
        var moveNext = machine.Methods.FirstOrDefault(static m => m.Name == "MoveNext");
        if (moveNext is null || machine.Module is not { } module || Reader(module) is not { } reader)
        {
            return [];
        }
        try
        {
            return PortablePdbAwaits.Lines(reader, (MethodDefinitionHandle)MetadataTokens.EntityHandle(moveNext.MetadataToken));
        }
        catch (Exception e) when (e is BadImageFormatException or ArgumentException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>
    /// The PDB of a module of the target, when one is beside its file (through /proc/PID/root, right in another
    /// mount namespace too) and its id is the one the loaded module names: a PDB rebuilt since the process started
    /// would give wrong lines.
    /// </summary>
    private MetadataReader? Reader(ClrModule module)
    {
        if (module.Name is not { Length: > 0 } path)
        {
            return null;
        }
        if (!_pdbs.TryGetValue(path, out var provider))
        {
            var viaRoot = $"/proc/{_pid}/root{path}";
            provider = PortablePdbAwaits.Open(File.Exists(viaRoot) ? viaRoot : path);
            if (provider is not null && !Matches(provider, module))
            {
                provider.Dispose();
                provider = null;
            }
            _pdbs[path] = provider;
        }
        return provider?.GetMetadataReader();
    }

    private static bool Matches(MetadataReaderProvider provider, ClrModule module)
    {
        try
        {
            var id = provider.GetMetadataReader().DebugMetadataHeader?.Id;
            var expected = module.Pdb?.Guid;
            return expected is null || expected == Guid.Empty || (id is { Length: >= 16 } bytes && new Guid(bytes.AsSpan(0, 16)) == expected);
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
