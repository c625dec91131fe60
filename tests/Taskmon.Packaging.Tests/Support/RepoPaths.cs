namespace Taskmon.Packaging.Tests.Support;

/// <summary>Where things are in the repository the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DebugTools.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DebugTools.slnx not found above " + AppContext.BaseDirectory);
    }
}
