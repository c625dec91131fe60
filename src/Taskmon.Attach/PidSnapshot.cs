namespace Taskmon.Attach;

/// <summary>
/// <c>taskmon --pid PID</c>: one command on a fresh snapshot (one-shot), or a snapshot followed by a line-based
/// session on it. Returns taskmon's exit code; failures are one line on the error writer.
/// </summary>
public static class PidSnapshot
{
    /// <summary><c>taskmon --list</c>: the .NET processes one may read, as text or JSON.</summary>
    public static int List(bool json, TextWriter output)
    {
        var processes = ProcessList.Find();
        output.Write(json ? ProcessList.Json(processes) : ProcessList.Text(processes));
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="command"/> (null: a session on <paramref name="input"/>) against process <paramref name="pid"/>;
    /// <paramref name="viaDump"/> reads it through a dump its runtime writes instead of ptrace (as when ptrace is refused).
    /// </summary>
    public static int Run(int pid, string? command, bool json, bool viaDump, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = SnapshotReader.Read(pid, threads: command is null || SnapshotCommands.NeedsThreads(command), viaDump, cancellationToken);
            if (command is not null)
            {
                var result = SnapshotCommands.Execute(snapshot, command, json);
                output.Write(result.Output);
                return result.Status;
            }
            return SnapshotShell.Run(snapshot, input, output, cancellationToken);
        }
        catch (AttachException e)
        {
            error.WriteLine($"taskmon: {e.Message}");
            return (int)e.Error;
        }
    }
}
