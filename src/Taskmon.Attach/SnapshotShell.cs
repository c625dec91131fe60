namespace Taskmon.Attach;

/// <summary>
/// The interactive view of a snapshot: the chain list, then a prompt reading one command a line (plain line input;
/// the process is not stopped while the operator reads). <c>refresh</c> takes a new snapshot.
/// </summary>
internal static class SnapshotShell
{
    public static int Run(Snapshot snapshot, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        output.Write(SnapshotCommands.Execute(snapshot, "ps", json: false).Output);
        output.WriteLine("(a snapshot: help lists its commands, refresh reads the process again, exit leaves)");
        while (!cancellationToken.IsCancellationRequested)
        {
            output.Write($"taskmon pid {snapshot.Pid}> ");
            output.Flush();
            var line = input.ReadLine();
            if (line is null)
            {
                output.WriteLine();
                break;
            }
            line = line.Trim();
            if (line is "exit" or "q" or "quit")
            {
                break;
            }
            if (line == "refresh")
            {
                snapshot = SnapshotReader.Read(snapshot.Pid, threads: true, snapshot.ViaDump, cancellationToken);
                line = "ps";
            }
            output.Write(SnapshotCommands.Execute(snapshot, line, json: false).Output);
        }
        return 0;
    }
}
