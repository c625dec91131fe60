#if TASKMON_ATTACH
using System.Runtime.InteropServices;
#else
using Taskmon.Terminal;
#endif

namespace Taskmon.Cli.Attach;

/// <summary>
/// <c>taskmon --pid PID</c>: reads another .NET process (Taskmon.Attach). SIGTERM cancels like Ctrl-C, so the
/// target is detached on every exit path; a <see cref="DetachWatchdog"/> resumes it should taskmon be killed while
/// attached (a dump needs none: the target's runtime pauses and resumes itself). Program.cs has tried the process's
/// Taskmon socket first (<see cref="LiveTerminal"/>): this is the process without one. The static build leaves the reader
/// out (it cannot load the runtime's DAC) and says where the dynamic build is.
/// </summary>
internal static class PidMode
{
    public static ExitCode List(ClientOptions options)
    {
#if TASKMON_ATTACH
        return (ExitCode)global::Taskmon.Attach.PidSnapshot.List(options.Json, Console.Out);
#else
        throw new ClientException(ExitCode.AttachUnsupported, "--list: " + DynamicBuildHint);
#endif
    }

    public static ExitCode Run(ClientOptions options, CancellationTokenSource cancel)
    {
#if TASKMON_ATTACH
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        using var watchdog = options.ViaDump ? null : DetachWatchdog.Start(options.Pid!.Value);
        return (ExitCode)global::Taskmon.Attach.PidSnapshot.Run(options.Pid!.Value, options.Command, options.Json, options.ViaDump, Console.In, Console.Out, Console.Error, cancel.Token);
#else
        _ = cancel;
        throw new ClientException(ExitCode.AttachUnsupported, $"--pid {options.Pid}: no Taskmon socket answers at {SafeText.Line(LiveTerminal.PathFor(options.Pid!.Value))}, and " + DynamicBuildHint);
#endif
    }

#if !TASKMON_ATTACH
    private const string DynamicBuildHint =
        "this static taskmon cannot read other processes (the runtime's DAC cannot be loaded into a static binary); use the dynamically linked build, taskmon-dynamic, or the .NET tool (dotnet tool install -g Taskmon.Cli); this binary still reaches a Taskmon terminal (--port)";
#endif
}
