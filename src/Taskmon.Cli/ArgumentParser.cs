using System.Globalization;

namespace Taskmon.Cli;

/// <summary>
/// Parses <c>taskmon [--host H] [--port P] [--token T] [--json] [-- COMMAND... | exec "COMMAND"]</c>.
/// Hand-written to keep the static binary small (see docs/architecture.md).
/// </summary>
internal static class ArgumentParser
{
    public const string Usage =
        """
        Usage: taskmon [--host HOST] [--port PORT] [--token TOKEN] [--json] [-- COMMAND [ARGS...]]
               taskmon [connection options] exec "COMMAND ARGS"
               taskmon --pid PID [--snapshot | --dump] [--json] [-- COMMAND [ARGS...]]
               taskmon --list [--json]
               taskmon [connection options] top [-d SECONDS] [-p] [--batch [-n N]]

        Attaches to the Taskmon terminal of a .NET process (interactive), or runs one command
        and exits with its status (0 ok, 1 failed, 2 usage).

          --host HOST     address of the monitored process (default 127.0.0.1; localhost works)
          --port PORT     terminal port (default 20101, or TASKMON_PORT)
          --token TOKEN   shared secret, when the server asks for one (or TASKMON_TOKEN)
          --json          one-shot only: print the command's result as JSON
          --pid PID       a process that runs Taskmon: its live terminal, through its Unix socket
                          $TMPDIR/taskmon-PID.sock (every command; no port needed); any other running
                          .NET (JIT) process: a snapshot of its pending async chains and threads
                          (ps, where ID, where --all, threads, help)
          --snapshot      with --pid: read a snapshot even when Taskmon runs in the process
          --dump          with --pid: no ptrace; the app's runtime writes a dump (deleted after reading),
                          as taskmon does by itself when ptrace is not allowed
          --list          the .NET processes one may read with --pid (and whether Taskmon runs in them)
          top             live task table with warnings, refreshed every -d SECONDS (default 1, 0.1-60);
                          -p persistent tasks only; --batch (or output not a terminal): print -n N plain
                          snapshots (default 1, at most 100) and exit. Keys: up/down select, Enter detail,
                          < > or 1-9 sort, r reverse, / filter, p persistent, space pause, q or Ctrl-C quit
          -h, --help      show this help
          --version       show the version

        Exit codes: 0 success, 1 command failed, 2 usage error, 3 cannot connect,
                    4 protocol error, 5 token refused; --pid: 6 no such process, 7 not .NET,
                    8 Native AOT process, 9 not permitted (ptrace), 10 process exited while read,
                    11 this build cannot read processes, 12 reading failed.
        """;

    public static ClientOptions Parse(IReadOnlyList<string> arguments, Func<string, string?> environment)
    {
        var args = Expand(arguments);
        var options = new ClientOptions();
        if (environment("TASKMON_PORT") is { Length: > 0 } envPort)
        {
            options = options with { Port = ParsePort(envPort, "TASKMON_PORT") };
        }
        if (environment("TASKMON_TOKEN") is { Length: > 0 } envToken)
        {
            options = options with { Token = envToken };
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--":
                    options = options with { Command = Join(args.Skip(i + 1)) };
                    return Check(options);
                case "top":
                    options = options with { Top = ParseTop(args.Skip(i + 1).ToList()) };
                    return Check(options);
                case "exec":
                    // exec "ps -f worker": one argument is the command line as typed.
                    options = options with { Command = args.Count == i + 2 ? args[i + 1] : Join(args.Skip(i + 1)) };
                    return Check(options);
                case "-h" or "--help" or "-?":
                    options = options with { Help = true };
                    break;
                case "--version":
                    options = options with { Version = true };
                    break;
                case "--json":
                    options = options with { Json = true };
                    break;
                case "--host":
                    options = options with { Host = Value(args, ref i) };
                    break;
                case "--port" or "-p":
                    options = options with { Port = ParsePort(Value(args, ref i), "--port") };
                    break;
                case "--token":
                    options = options with { Token = Value(args, ref i) };
                    break;
                case "--list":
                    options = options with { List = true };
                    break;
                case "--dump":
                    options = options with { ViaDump = true };
                    break;
                case "--snapshot":
                    options = options with { Snapshot = true };
                    break;
                case "--pid":
                    options = options with { Pid = ParsePid(Value(args, ref i)) };
                    break;
                default:
                    throw new ClientException(ExitCode.Usage, $"unknown argument '{arg}' (try taskmon --help)");
            }
        }
        return Check(options);
    }

    /// <summary>Splits <c>--name=value</c> into two arguments, up to <c>--</c> or <c>exec</c>.</summary>
    private static List<string> Expand(IReadOnlyList<string> arguments)
    {
        var args = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var arg = arguments[i];
            if (arg is "--" or "exec" or "top")
            {
                args.AddRange(arguments.Skip(i));
                break;
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                args.Add(arg[..eq]);
                args.Add(arg[(eq + 1)..]);
            }
            else
            {
                args.Add(arg);
            }
        }
        return args;
    }

    private static ClientOptions Check(ClientOptions options)
    {
        if (options.Command is { } command && command.Trim().Length == 0)
        {
            throw new ClientException(ExitCode.Usage, "no command after -- or exec");
        }
        if (options.Json && options.Command is null && options.Top is null && !options.Help && !options.List)
        {
            throw new ClientException(ExitCode.Usage, "--json needs a command: taskmon --json -- ps");
        }
        if (options.ViaDump && options.Pid is null)
        {
            throw new ClientException(ExitCode.Usage, "--dump reads a process given with --pid: taskmon --pid PID --dump");
        }
        if (options.Snapshot && options.Pid is null)
        {
            throw new ClientException(ExitCode.Usage, "--snapshot reads a process given with --pid: taskmon --pid PID --snapshot");
        }
        if (options.Command is { } c && (c.Contains('\n', StringComparison.Ordinal) || c.Contains('\r', StringComparison.Ordinal)))
        {
            throw new ClientException(ExitCode.Usage, "a command is one line");
        }
        return options;
    }

    /// <summary>The arguments after <c>top</c>: checked here so a typo fails before connecting.</summary>
    private static TopRequest ParseTop(List<string> args)
    {
        var top = new TopRequest();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                args.Insert(i + 1, arg[(eq + 1)..]);
                arg = arg[..eq];
            }
            switch (arg)
            {
                case "-d" or "--delay":
                    var delay = Value(args, ref i);
                    top = double.TryParse(delay, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.1 and <= 60
                        ? top with { Delay = seconds }
                        : throw new ClientException(ExitCode.Usage, $"top -d: '{delay}' is not a number of seconds (0.1-60)");
                    break;
                case "-n" or "--iterations":
                    var n = Value(args, ref i);
                    top = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 100
                        ? top with { Iterations = count }
                        : throw new ClientException(ExitCode.Usage, $"top -n: '{n}' is not a count (1-100)");
                    break;
                case "-b" or "--batch":
                    top = top with { Batch = true };
                    break;
                case "-p" or "--persistent":
                    top = top with { PersistentOnly = true };
                    break;
                default:
                    throw new ClientException(ExitCode.Usage, $"top: unknown argument '{arg}' (try taskmon --help)");
            }
        }
        return top;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ClientException(ExitCode.Usage, $"{args[i]} needs a value");
        }
        return args[++i];
    }

    private static int ParsePort(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new ClientException(ExitCode.Usage, $"{name}: '{text}' is not a port (1-65535)");

    private static int ParsePid(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new ClientException(ExitCode.Usage, $"--pid: '{text}' is not a process id");

    private static string Join(IEnumerable<string> words) =>
        string.Join(' ', words.Select(w => w.Length == 0 || w.Any(char.IsWhiteSpace) ? $"\"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : w));
}
