using System.Security.Cryptography;
using System.Text;

namespace Taskmon.Packaging.Tests.Support;

/// <summary>A hash of every source and build file under some folders (bin/obj excluded): equal hash, equal build inputs.</summary>
public static class InputsHash
{
    private static readonly string[] SharedFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig"];

    public static string Of(params string[] folders)
    {
        var files = folders
            .SelectMany(folder => Directory.EnumerateFiles(RepoPaths.Of(folder), "*", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(Path.GetRelativePath(RepoPaths.Root, path)))
            .Concat(SharedFiles.Select(name => RepoPaths.Of(name)).Where(File.Exists))
            .Order(StringComparer.Ordinal);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(RepoPaths.Root, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static bool IsBuildOutput(string relativePath)
    {
        var parts = relativePath.Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }
}
