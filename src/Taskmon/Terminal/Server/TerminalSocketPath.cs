using System.Globalization;

namespace Taskmon.Terminal;

/// <summary>
/// Where a process's Taskmon terminal listens besides TCP: the Unix domain socket <c>taskmon-PID.sock</c> in the
/// temporary directory (<c>$TMPDIR</c>, else <c>/tmp</c>: <see cref="Path.GetTempPath"/>, where the runtime's own
/// <c>dotnet-diagnostic-PID-…-socket</c> lives too). Shared as source by the library (which listens there), the
/// client (<c>taskmon --pid PID</c> connects there) and Taskmon.Attach (<c>taskmon --list</c>).
/// </summary>
internal static class TerminalSocketPath
{
    public const string Prefix = "taskmon-";

    public const string Suffix = ".sock";

    /// <summary>The socket of process <paramref name="pid"/> in <paramref name="directory"/> (default: the temporary directory).</summary>
    public static string For(int pid, string? directory = null) =>
        Path.Combine(directory ?? Path.GetTempPath(), Prefix + pid.ToString(CultureInfo.InvariantCulture) + Suffix);

    /// <summary>The pid a socket file is named by (<c>taskmon-PID.sock</c>), if it is such a name.</summary>
    public static bool TryParsePid(string fileName, out int pid)
    {
        pid = 0;
        return fileName.StartsWith(Prefix, StringComparison.Ordinal) && fileName.EndsWith(Suffix, StringComparison.Ordinal)
            && int.TryParse(fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out pid)
            && pid > 0;
    }
}
