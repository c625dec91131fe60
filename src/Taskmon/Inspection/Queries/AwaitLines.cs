using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;
using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>
/// Maps an async state machine's state (which await it is suspended at) to a source line, from the portable PDB
/// (<see cref="PortablePdbAwaits"/>). JIT only (no PDB under AOT).
/// Resolved lazily, at query time, and cached per state machine type (bounded).
/// </summary>
internal sealed class AwaitLines : IDisposable
{
    private const int MaxCachedMachines = 8192;
    private readonly BoundedCache<Type, (string File, int Line)[]> _byMachine = new(MaxCachedMachines);
    private readonly ConcurrentDictionary<Module, MetadataReaderProvider?> _pdbs = new();

    public bool Available => RuntimeFeature.IsDynamicCodeSupported;

    public (string File, int Line)? Find(Type machine, int state)
    {
        if (!Available || state < 0)
        {
            return null;
        }

        try
        {
            var awaits = _byMachine.GetOrAdd(machine, this, static (machine, lines) => lines.Resolve(machine));

            return state < awaits.Length && awaits[state].File.Length > 0 ? awaits[state] : null;
        }
        catch (Exception)
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

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "MoveNext is looked up by name on JIT only; a miss yields no line.")]
    private (string File, int Line)[] Resolve(Type machine)
    {
        var moveNext = machine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        if (moveNext is null || _pdbs.GetOrAdd(machine.Module, Open) is not { } provider)
        {
            return [];
        }

        return PortablePdbAwaits.Lines(provider.GetMetadataReader(), (MethodDefinitionHandle)MetadataTokens.EntityHandle(moveNext.MetadataToken));
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location (single file, AOT) means no PDB: lines are simply not shown.")]
    private static MetadataReaderProvider? Open(Module module) => PortablePdbAwaits.Open(module.Assembly.Location);
}
