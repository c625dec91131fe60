using System.Reflection;
using Taskmon.Cli;
using Taskmon.Cli.Attach;
using Taskmon.Terminal;

// Program.cs only wires the pieces: parse, dispatch, map failures to exit codes.
if (args is [DetachWatchdog.Mode, var watchedPid])
{
    // Hidden: the child taskmon --pid starts to resume its target should taskmon be killed while attached.
    return DetachWatchdog.Run(watchedPid);
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var options = ArgumentParser.Parse(args, Environment.GetEnvironmentVariable);
    if (options.Help)
    {
        Console.Out.WriteLine(ArgumentParser.Usage);
        return (int)ExitCode.Success;
    }
    if (options.Version)
    {
        var version = typeof(ExitCode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        Console.Out.WriteLine($"taskmon {version.Split('+')[0]}");
        return (int)ExitCode.Success;
    }
    if (options.Top is { } top)
    {
        // top -b, or no terminal to draw on: plain snapshots as a one-shot command; else the full-screen view.
        options = top.Batch || options.Json || Console.IsOutputRedirected || Console.IsInputRedirected
            ? options with { Command = top.CommandLine(batch: true) }
            : options with { InitialLine = top.CommandLine(batch: false) };
    }

    if (options.Pid is { } pid && !options.Snapshot && !options.ViaDump
        && await LiveTerminal.TryConnectAsync(pid, options.ConnectTimeout, cancel.Token).ConfigureAwait(false) is { } live)
    {
        // Taskmon runs in it: its live terminal, every command; the token is TCP's (the socket is owner-only).
        Console.Error.WriteLine($"taskmon: process {pid} runs Taskmon: its live terminal ({SafeText.Line(LiveTerminal.PathFor(pid))}); --snapshot reads a snapshot instead");
        options = options with { Pid = null, Connected = live, Token = null };
    }

    var code = options.List
        ? PidMode.List(options)
        : options.Pid is not null
        ? PidMode.Run(options, cancel)
        : options.Command is null
        ? await new InteractiveSession(options).RunAsync(cancel.Token).ConfigureAwait(false)
        : await OneShot.RunAsync(options, Console.Out, cancel.Token).ConfigureAwait(false);
    return (int)code;
}
catch (ClientException e)
{
    Console.Error.WriteLine($"taskmon: {e.Message}");
    return (int)e.Code;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return 130;
}
