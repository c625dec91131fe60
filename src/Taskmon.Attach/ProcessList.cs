using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Taskmon.Attach;

/// <summary>A .NET process one may point <c>taskmon --pid</c> at.</summary>
internal sealed record DotnetProcess(int Pid, string Name, string CommandLine, bool RunsTaskmon);

/// <summary>
/// <c>taskmon --list</c>: the .NET processes of this machine's temporary directory, found by the runtime's diagnostic
/// sockets (<c>dotnet-diagnostic-PID-…-socket</c>, as <c>dotnet-trace ps</c> finds them), with their command line
/// and whether the Taskmon library is loaded in them (then its live terminal has more than a snapshot).
/// </summary>
internal static class ProcessList
{
    private const int MaxCommandLine = 160;

    public static List<DotnetProcess> Find()
    {
        var found = new SortedDictionary<int, DotnetProcess>();
        IEnumerable<string> sockets;
        try
        {
            sockets = Directory.EnumerateFiles(Path.GetTempPath(), "dotnet-diagnostic-*-socket");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        foreach (var socket in sockets)
        {
            var parts = Path.GetFileName(socket).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId || found.ContainsKey(pid) || !Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            found[pid] = new DotnetProcess(pid, TerminalText.Clean(Read($"/proc/{pid}/comm").Trim()), CommandLine(pid), RunsTaskmon(pid));
        }
        return [.. found.Values];
    }

    public static string Text(IReadOnlyList<DotnetProcess> processes)
    {
        if (processes.Count == 0)
        {
            return $"no .NET processes with a diagnostic socket in {Path.GetTempPath()}\n";
        }
        var sb = new StringBuilder("    PID  TASKMON  NAME             COMMAND LINE\n");
        foreach (var p in processes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.Pid,7}  {(p.RunsTaskmon ? "yes" : "no"),-7}  {p.Name,-15}  {p.CommandLine}\n");
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
