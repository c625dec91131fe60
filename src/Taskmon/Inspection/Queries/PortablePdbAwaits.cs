using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Taskmon.Inspection;

/// <summary>
/// Reads await lines from a portable PDB: the "async method stepping information" custom debug info on a state
/// machine's <c>MoveNext</c> lists the yield IL offsets in state order; the last visible sequence point at or before a
/// yield offset is that await's line. Shared as source by the in-process monitor and the <c>taskmon --pid</c> reader.
/// </summary>
internal static class PortablePdbAwaits
{
    private static readonly Guid s_asyncSteppingInfo = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");

    /// <summary>The PDB beside an assembly (<c>app.pdb</c> next to <c>app.dll</c>) or embedded in it; null when there is none.</summary>
    public static MetadataReaderProvider? Open(string assemblyPath)
    {
        try
        {
            if (string.IsNullOrEmpty(assemblyPath))
            {
                return null;
            }

            var pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
            if (File.Exists(pdbPath))
            {
                return MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdbPath));
            }

            using var pe = new PEReader(File.OpenRead(assemblyPath));
            var embedded = pe.ReadDebugDirectory().FirstOrDefault(static e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
            return embedded.DataSize > 0 ? pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded) : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>One (file, line) per await of <paramref name="moveNext"/>, indexed by state; an empty file where unknown.</summary>
    public static (string File, int Line)[] Lines(MetadataReader reader, MethodDefinitionHandle moveNext)
    {
        var yields = YieldOffsets(reader, moveNext);
        if (yields.Count == 0)
        {
            return [];
        }

        var points = reader.GetMethodDebugInformation(moveNext).GetSequencePoints().Where(static p => !p.IsHidden).ToList();
        var result = new (string, int)[yields.Count];
        for (var i = 0; i < yields.Count; i++)
        {
            result[i] = LineAt(reader, points, yields[i]);
        }

        return result;
    }

    /// <summary>The last visible sequence point at or before an IL offset of a method, or an empty file.</summary>
    public static (string File, int Line) LineAt(MetadataReader reader, MethodDefinitionHandle method, int ilOffset) =>
        LineAt(reader, reader.GetMethodDebugInformation(method).GetSequencePoints().Where(static p => !p.IsHidden).ToList(), ilOffset);

    private static (string File, int Line) LineAt(MetadataReader reader, List<SequencePoint> points, int ilOffset)
    {
        SequencePoint? best = null;
        foreach (var point in points)
        {
            if (point.Offset <= ilOffset && (best is null || point.Offset >= best.Value.Offset))
            {
                best = point;
            }
        }

        return best is { } p ? (reader.GetString(reader.GetDocument(p.Document).Name), p.StartLine) : (string.Empty, 0);
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
}
