using System.Globalization;
using System.Text;
using System.Text.Json;
using Taskmon.Terminal;

namespace Taskmon.Attach;

/// <summary>A .NET process one may point <c>taskmon --pid</c> at; <paramref name="Socket"/>: its Taskmon terminal's Unix socket.</summary>
internal sealed record DotnetProcess(int Pid, string Name, string CommandLine, bool RunsTaskmon, string? Socket);

/// <summary>
/// <c>taskmon --list</c>: the .NET processes of this machine's temporary directory, found by the runtime's diagnostic
/// sockets (<c>dotnet-diagnostic-PID-…-socket</c>, as <c>dotnet-trace ps</c> finds them) and by Taskmon's own
/// (<c>taskmon-PID.sock</c>, which Native AOT apps have too), with their command line and whether Taskmon runs in them:
/// <c>live</c> when its socket is there (<c>taskmon --pid</c> opens the live terminal), <c>yes</c> when the library is
/// loaded but serves no socket (then a snapshot, or its TCP port).
/// </summary>
internal static class ProcessList
{
    private const int MaxCommandLine = 160;

    public static List<DotnetProcess> Find()
    {
        var found = new SortedDictionary<int, DotnetProcess>();
        var directory = Path.GetTempPath();
        foreach (var file in Files(directory, "dotnet-diagnostic-*-socket").Concat(Files(directory, TerminalSocketPath.Prefix + "*" + TerminalSocketPath.Suffix)))
        {
            var name = Path.GetFileName(file);
            var parts = name.Split('-');
            var pid = 0;
            if ((TerminalSocketPath.TryParsePid(name, out pid) || (parts.Length >= 4 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out pid)))
                && pid != Environment.ProcessId && !found.ContainsKey(pid) && Directory.Exists($"/proc/{pid}"))
            {
                var socket = TerminalSocketPath.For(pid, directory);
                var live = File.Exists(socket) ? TerminalText.Clean(socket) : null;
                found[pid] = new DotnetProcess(pid, TerminalText.Clean(Read($"/proc/{pid}/comm").Trim()), CommandLine(pid), live is not null || RunsTaskmon(pid), live);
            }
        }
        return [.. found.Values];
    }

    private static IEnumerable<string> Files(string directory, string pattern)
    {
        try
        {
            return [.. Directory.EnumerateFiles(directory, pattern)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static string Text(IReadOnlyList<DotnetProcess> processes)
    {
        if (processes.Count == 0)
        {
            return $"no .NET processes with a diagnostic or Taskmon socket in {TerminalText.Clean(Path.GetTempPath())}\n";
        }
        var sb = new StringBuilder("    PID  TASKMON  NAME             COMMAND LINE\n");
        foreach (var p in processes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.Pid,7}  {(p.Socket is not null ? "live" : p.RunsTaskmon ? "yes" : "no"),-7}  {p.Name,-15}  {p.CommandLine}\n");
        }
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<DotnetProcess> processes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("processes");
            foreach (var p in processes)
            {
                w.WriteStartObject();
                w.WriteNumber("pid", p.Pid);
                w.WriteString("name", p.Name);
                w.WriteString("commandLine", p.CommandLine);
                w.WriteBoolean("taskmon", p.RunsTaskmon);
                w.WriteString("socket", p.Socket);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length) + "\n";
    }

    private static string CommandLine(int pid)
    {
        var text = Read($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' ');
        return TerminalText.Clean(text.Length > MaxCommandLine ? text[..MaxCommandLine] + "…" : text);
    }

    private static bool RunsTaskmon(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/maps").Any(static l => l.EndsWith("/Taskmon.dll", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
