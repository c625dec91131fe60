using System.Globalization;

namespace Taskmon.Attach;

/// <summary>The one-line explanation when the kernel refuses to let taskmon read a process.</summary>
internal static class PtraceAdvice
{
    public static string CannotRead(int pid, string name)
    {
        var scope = PtraceScope();
        var why = scope switch
        {
            1 => "kernel.yama.ptrace_scope is 1 (only a parent may trace): run taskmon as root or with CAP_SYS_PTRACE, or set it to 0",
            2 => "kernel.yama.ptrace_scope is 2 (admin only): run taskmon with CAP_SYS_PTRACE",
            3 => "kernel.yama.ptrace_scope is 3 (no tracing at all, until reboot)",
            _ => "it belongs to another user or taskmon lacks CAP_SYS_PTRACE (in a container: --cap-add SYS_PTRACE)",
        };
        return $"not permitted to read process {pid} ({name}): {why}";
    }

    private static int PtraceScope()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/yama/ptrace_scope").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return -1;
        }
    }
}
