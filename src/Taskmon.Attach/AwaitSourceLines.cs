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
        if (ilOffset < 0 || method.Type?.Module?.Name is not { } module || Reader(module) is not { } reader)
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
        if (moveNext is null || machine.Module?.Name is not { } module || Reader(module) is not { } reader)
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

    private MetadataReader? Reader(string modulePath)
    {
        if (!_pdbs.TryGetValue(modulePath, out var provider))
        {
            // The module path is the target's; through /proc/PID/root it is right in another mount namespace too.
            var viaRoot = $"/proc/{_pid}/root{modulePath}";
            provider = PortablePdbAwaits.Open(File.Exists(viaRoot) ? viaRoot : modulePath);
            _pdbs[modulePath] = provider;
        }
        try
        {
            return provider?.GetMetadataReader();
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
