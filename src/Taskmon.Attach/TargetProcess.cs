
namespace Taskmon.Attach;

/// <summary>
/// What /proc says about the process to read, checked before any ptrace: that it exists, that it runs the .NET
/// runtime (libcoreclr.so mapped) and where that runtime's DAC (libmscordaccore.so) is; a Native AOT executable is
/// recognised by the runtime's debug header symbol name in it.
/// </summary>
internal sealed record TargetProcess(int Pid, string Name, string DacPath)
{
    private const string CoreClr = "/libcoreclr.so";
    private const string Dac = "libmscordaccore.so";

    public static TargetProcess Inspect(int pid)
    {
        if (pid <= 0 || !Directory.Exists($"/proc/{pid}"))
        {
            throw new AttachException(AttachError.NoSuchProcess, $"no process with pid {pid}");
        }
        if (pid == Environment.ProcessId)
        {
            throw new AttachException(AttachError.NotPermitted, "taskmon cannot read its own process");
        }

        var name = ReadName(pid);
        string? runtimeDir = null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/maps"))
            {
                var path = line.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? line[slash..] : null;
                if (path is not null && path.EndsWith(CoreClr, StringComparison.Ordinal))
                {
                    runtimeDir = path[..^CoreClr.Length];
                    break;
                }
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AttachException(AttachError.NotPermitted, PtraceAdvice.CannotRead(pid, name), e);
        }
        catch (IOException e) when (!Directory.Exists($"/proc/{pid}"))
        {
            throw new AttachException(AttachError.NoSuchProcess, $"process {pid} exited", e);
        }

        if (runtimeDir is null)
        {
            throw IsNativeAot(pid)
                ? new AttachException(AttachError.NativeAot, $"process {pid} ({name}) is a Native AOT app: its tasks cannot be read from outside; reference the Taskmon library in it and use its terminal (taskmon --port)")
                : new AttachException(AttachError.NotDotNet, $"process {pid} ({name}) does not run the .NET runtime (no libcoreclr.so mapped)");
        }

        var dac = Path.Combine(runtimeDir, Dac);
        if (!File.Exists(dac))
        {
            // In another mount namespace (a container) the path is the container's: reach it through the process's root.
            var viaRoot = $"/proc/{pid}/root{dac}";
            dac = File.Exists(viaRoot) ? viaRoot : throw new AttachException(AttachError.NotDotNet, $"process {pid} ({name}): no {Dac} beside its runtime in {runtimeDir}");
        }
        return new TargetProcess(pid, name, dac);
    }

    /// <summary>Gone, or a zombie (dead, not yet reaped by its parent).</summary>
    public static bool HasExited(int pid)
    {
        try
        {
            // /proc/PID/stat: "PID (comm) STATE ...", and comm may hold spaces or parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat.LastIndexOf(')') is var close and >= 0 && close + 2 < stat.Length ? stat[close + 2] : '?';
            return state is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !Directory.Exists($"/proc/{pid}");
        }
    }

    private static string ReadName(int pid)
    {
        try
        {
            return TerminalText.Clean(File.ReadAllText($"/proc/{pid}/comm").Trim());
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>
    /// Native AOT executables carry the runtime's <c>DotNetRuntimeDebugHeader</c> export (dynamic builds) and the
    /// <c>.dotnet_eh_table</c> section (also in static, stripped builds).
    /// </summary>
    private static bool IsNativeAot(int pid)
    {
        try
        {
            using var exe = File.OpenRead($"/proc/{pid}/exe");
            var buffer = new byte[1 << 20];
            const int Carry = 32;
            var kept = 0;
            int n;
            while ((n = exe.Read(buffer, kept, buffer.Length - kept)) > 0)
            {
                var span = buffer.AsSpan(0, kept + n);
                if (span.IndexOf("DotNetRuntimeDebugHeader"u8) >= 0 || span.IndexOf(".dotnet_eh_table"u8) >= 0)
                {
                    return true;
                }
                kept = Math.Min(Carry, span.Length);
                span[^kept..].CopyTo(buffer);
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
