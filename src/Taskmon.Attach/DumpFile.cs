using Microsoft.Diagnostics.NETCore.Client;

namespace Taskmon.Attach;

/// <summary>
/// The fallback where ptrace is not allowed: the target's own runtime writes a dump of itself (heap included) when
/// asked through its diagnostic port (the socket in the temporary directory), into a directory only this user may
/// open. Disposing deletes the dump and its directory, on every path that unwinds (an error, Ctrl-C, SIGTERM).
/// </summary>
internal sealed class DumpFile : IDisposable
{
    private readonly string _directory;

    private DumpFile(string directory, string path)
    {
        _directory = directory;
        Path = path;
    }

    public string Path { get; }

    /// <summary>True when the process has a diagnostic port one may ask (its socket in the temporary directory).</summary>
    public static bool CanAsk(int pid) =>
        Directory.EnumerateFiles(System.IO.Path.GetTempPath(), $"dotnet-diagnostic-{pid}-*-socket").Any();

    /// <summary>Asks process <paramref name="pid"/> to write the dump; returns once it is written.</summary>
    public static DumpFile Write(int pid, CancellationToken cancellationToken)
    {
        // Created with mode 0700: the dump (the target's whole memory) is readable by this user only.
        var directory = Directory.CreateTempSubdirectory("taskmon-dump-").FullName;
        var dump = new DumpFile(directory, System.IO.Path.Combine(directory, $"core.{pid}"));
        try
        {
            new DiagnosticsClient(pid).WriteDumpAsync(DumpType.WithHeap, dump.Path, logDumpGeneration: false, cancellationToken).GetAwaiter().GetResult();
            if (!File.Exists(dump.Path))
            {
                throw new IOException("the runtime wrote no dump");
            }
            return dump;
        }
        catch
        {
            dump.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or unreadable to us: nothing more can be done here.
        }
    }
}
