using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>
/// Maps an async state machine's state (which await it is suspended at) to a source line, from the portable PDB:
/// the "async method stepping information" custom debug info on <c>MoveNext</c> lists the yield IL offsets in state
/// order; the last visible sequence point at or before a yield offset is the await's line. JIT only (no PDB under AOT).
/// Resolved lazily, at query time, and cached per state machine type (bounded).
/// </summary>
internal sealed class AwaitLines : IDisposable
{
    private const int MaxCachedMachines = 8192;
    private static readonly Guid s_asyncSteppingInfo = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");
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

        var reader = provider.GetMetadataReader();
        var handle = (MethodDefinitionHandle)MetadataTokens.EntityHandle(moveNext.MetadataToken);
        var yields = YieldOffsets(reader, handle);
        if (yields.Count == 0)
        {
            return [];
        }

        var points = reader.GetMethodDebugInformation(handle).GetSequencePoints().Where(static p => !p.IsHidden).ToList();
        var result = new (string, int)[yields.Count];
        for (var i = 0; i < yields.Count; i++)
        {
            SequencePoint? best = null;
            foreach (var point in points)
            {
                if (point.Offset <= yields[i] && (best is null || point.Offset >= best.Value.Offset))
                {
                    best = point;
                }
            }

            result[i] = best is { } p ? (reader.GetString(reader.GetDocument(p.Document).Name), p.StartLine) : (string.Empty, 0);
        }

        return result;
    }

    private static List<int> YieldOffsets(MetadataReader reader, MethodDefinitionHandle method)
    {
        var offsets = new List<int>();
        foreach (var handle in reader.GetCustomDebugInformation(method))
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) != s_asyncSteppingInfo)
            {
                continue;
            }

            var blob = reader.GetBlobReader(info.Value);
            blob.ReadUInt32(); // catch handler offset
            while (blob.RemainingBytes > 0)
            {
                offsets.Add((int)blob.ReadUInt32()); // yield offset
                blob.ReadUInt32(); // resume offset
                blob.ReadCompressedInteger(); // resume method
            }
        }

        return offsets;
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location (single file, AOT) means no PDB: lines are simply not shown.")]
    private static MetadataReaderProvider? Open(Module module)
    {
        try
        {
            var location = module.Assembly.Location;
            if (string.IsNullOrEmpty(location))
            {
                return null;
            }

            var pdbPath = Path.ChangeExtension(location, ".pdb");
            if (File.Exists(pdbPath))
            {
                return MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdbPath));
            }

            using var pe = new PEReader(File.OpenRead(location));
            var embedded = pe.ReadDebugDirectory().FirstOrDefault(static e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
            return embedded.DataSize > 0 ? pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded) : null;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
