using System.CommandLine;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Taskmon.Commands;

/// <summary>
/// <c>stacktrace</c> (<c>st</c>, <c>stack</c>): best-effort thread stacks. .NET cannot walk another
/// managed thread's stack from inside the process, so this lists the OS threads and the current
/// stack, and says how to get all stacks from outside.
/// </summary>
internal sealed class StackTraceCommand : IMonitorCommand
{
    private const int MaxThreads = 500;

    public StackTraceCommand()
    {
        Definition = new Command("stacktrace", "Threads of the process and the stacks that can be read in-process");
        Definition.Aliases.Add("st");
        Definition.Aliases.Add("stack");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var aot = !RuntimeFeature.IsDynamicCodeSupported;
        var rows = new List<ThreadRow>();
        try
        {
            using var process = Process.GetCurrentProcess();
            foreach (ProcessThread thread in process.Threads)
            {
                if (rows.Count >= MaxThreads)
                {
                    break;
                }
                rows.Add(Row(thread));
                thread.Dispose();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            // Listing threads is best effort; the note still explains what is missing.
        }

        var frames = new StackTrace(0, fNeedFileInfo: !aot).GetFrames()
            .Select(f => f.ToString().Trim())
            .Where(f => f.Length > 0)
            .ToList();
        var note = "The stacks of other managed threads cannot be read from inside a .NET process; " +
                   "`ps` and `where ID` show what each async task awaits, and `dotnet-stack report -p " +
                   Environment.ProcessId + "` prints every thread's stack from outside." +
                   (aot ? " Native AOT: frames show method names only (no file:line)." : "");
        return ValueTask.FromResult<CommandResult>(new StackTraceResult(
            Environment.ProcessId, rows, Environment.CurrentManagedThreadId, frames, aot, note));
    }

    private static ThreadRow Row(ProcessThread thread)
    {
        string state;
        string? wait = null;
        double cpu = 0;
        try
        {
            state = thread.ThreadState.ToString();
            if (thread.ThreadState == System.Diagnostics.ThreadState.Wait)
            {
                wait = thread.WaitReason.ToString();
            }
            cpu = Math.Round(thread.TotalProcessorTime.TotalSeconds, 2);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            state = "Unknown"; // the thread ended while we looked
        }
        return new ThreadRow(thread.Id, state, wait, cpu);
    }
}
