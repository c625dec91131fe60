using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Taskmon.Cli.Attach;

/// <summary>
/// Resumes the target if taskmon dies while it has the target attached (SIGKILL): ptrace's attach sends every thread a
/// SIGSTOP, and one still pending when the kernel detaches the dead tracer stops the whole target (a group stop).
/// Before attaching, taskmon starts itself again in a hidden mode (<see cref="Mode"/>) with a pipe on the child's
/// stdin, and writes <c>detached cleanly</c> into it once it has detached. A pipe that closes without that line means
/// taskmon died (the kernel closes its end then, whatever killed it): the watchdog waits until the target has no
/// tracer (the kernel detaches it as the tracer exits), sends it SIGCONT, which also drops SIGSTOPs still queued, and
/// sends it again if the target stops in the next half second (a thread that had taken its SIGSTOP delivers it once
/// let go). It exits in every case, so it never outlives taskmon by more than that. PR_SET_PDEATHSIG is not used: it
/// fires when the thread that started the child exits rather than the process, and the pipe's end of file already
/// comes with taskmon's death. Ctrl-C, SIGTERM and a hangup sent to the whole process group are left to taskmon, which
/// detaches itself; the watchdog waits for the pipe instead of dying first.
/// </summary>
internal sealed partial class DetachWatchdog : IDisposable
{
    /// <summary>The hidden first argument that runs this executable as a watchdog: <c>--internal-detach-watchdog PID</c>.</summary>
    public const string Mode = "--internal-detach-watchdog";

    private const string Clean = "detached cleanly";
    private const int SigCont = 18;
    private static readonly TimeSpan DetachWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StopWatch = TimeSpan.FromMilliseconds(500);

    private readonly Process? child;

    private DetachWatchdog(Process? child) => this.child = child;

    /// <summary>
    /// Starts the watchdog for <paramref name="pid"/>: the same executable, or <c>dotnet taskmon.dll</c> when run by the
    /// dotnet host. If it cannot be started, taskmon goes on without it (it is a backstop only).
    /// </summary>
    public static DetachWatchdog Start(int pid)
    {
        var self = Environment.ProcessPath;
        if (self is null)
        {
            return new DetachWatchdog(null);
        }
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Path.GetFullPath(Environment.GetCommandLineArgs()[0]));
        }
        info.ArgumentList.Add(Mode);
        info.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        // No diagnostic socket: the watchdog is no process to list or read (and starts a little faster).
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        try
        {
            return new DetachWatchdog(Process.Start(info));
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
            return new DetachWatchdog(null);
        }
    }

    /// <summary>Taskmon has detached (every path that gets here has): the watchdog has nothing left to do.</summary>
    public void Dispose()
    {
        if (child is null)
        {
            return;
        }
        try
        {
            child.StandardInput.WriteLine(Clean);
            child.StandardInput.Close();
            if (!child.HasExited)
            {
                // It may still be starting; waiting for it would only delay taskmon's exit.
                child.Kill();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Win32Exception)
        {
            // Already gone: nothing to stop.
        }
        child.Dispose();
    }

    /// <summary>The watchdog itself: waits for its stdin to close, then resumes <paramref name="pidText"/> unless told all is well.</summary>
    public static int Run(string pidText)
    {
        if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return (int)ExitCode.Usage;
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Ignore);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Ignore);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Ignore);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Ignore);
        string said;
        using (var input = new StreamReader(Console.OpenStandardInput()))
        {
            said = input.ReadToEnd();
        }
        if (said.Contains(Clean, StringComparison.Ordinal))
        {
            return 0;
        }
        Resume(pid);
        return 0;
    }

    private static void Ignore(PosixSignalContext context) => context.Cancel = true;

    private static void Resume(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (TracerPid(pid) is > 0 && clock.Elapsed < DetachWait)
        {
            Thread.Sleep(1);
        }
        if (Kill(pid, SigCont) != 0)
        {
            return; // Gone (or not ours to signal): nothing to resume.
        }
        clock.Restart();
        while (clock.Elapsed < StopWatch)
        {
            Thread.Sleep(5);
            if (IsStopped(pid) is not { } stopped)
            {
                return;
            }
            if (stopped)
            {
                _ = Kill(pid, SigCont);
            }
        }
    }

    /// <summary>The target's tracer (0: none), or null once it is gone.</summary>
    private static int? TracerPid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("TracerPid:", StringComparison.Ordinal))
                {
                    return int.Parse(line.AsSpan("TracerPid:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether the target is in a stop (state <c>T</c>), or null once it is gone.</summary>
    private static bool? IsStopped(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) S ...": the name may hold anything, so the state is the first field after the last ')'.
            var end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] == 'T';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
