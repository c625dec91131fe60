namespace Slice.Tests.Support;

/// <summary>A scratch directory with helpers to create input files; deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("slice-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name, string content) => File(name, System.Text.Encoding.UTF8.GetBytes(content));

    public string File(string name, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
