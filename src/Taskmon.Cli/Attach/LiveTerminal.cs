using System.Net.Sockets;
using System.Runtime.InteropServices;
using Taskmon.Terminal;

namespace Taskmon.Cli.Attach;

/// <summary>
/// <c>taskmon --pid PID</c> on a process that runs Taskmon: its live terminal through the Unix socket the library
/// listens on (<c>$TMPDIR/taskmon-PID.sock</c>, <see cref="TerminalSocketPath"/>), with every command a TCP session has
/// and no port to know. Works in every build, the static one included (no DAC needed). A socket file nobody listens
/// on (left by a process that was killed), or one served by another process (its peer credentials name another pid:
/// a file planted in a shared /tmp), is not the process asked for: the caller reads a snapshot instead.
/// </summary>
internal static class LiveTerminal
{
    /// <summary>The process at the other end of a connected Unix socket (SO_PEERCRED), where the system says.</summary>
    private static int? ServerPid(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }, SOL_SOCKET = 1, SO_PEERCRED = 17. A pid in a PID namespace
        // this one cannot see reads as 0: then there is nothing to compare.
        Span<byte> credentials = stackalloc byte[12];
        var length = socket.GetRawSocketOption(1, 17, credentials);
        var serverPid = length >= sizeof(int) ? MemoryMarshal.Read<int>(credentials) : 0;
        return serverPid > 0 ? serverPid : null;
    }

    /// <summary>The path taskmon looks at for <paramref name="pid"/>.</summary>
    public static string PathFor(int pid) => TerminalSocketPath.For(pid);

    /// <summary>A connection to <paramref name="pid"/>'s terminal, or null when it has none that answers.</summary>
    public static async Task<Socket?> TryConnectAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = PathFor(pid);
        if (!File.Exists(path) || !Directory.Exists($"/proc/{pid}"))
        {
            return null;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), limit.Token).ConfigureAwait(false);
            if (ServerPid(socket) is { } server && server != pid)
            {
                // Anyone may create a file of that name in a shared /tmp before the app starts: not the process asked for.
                Console.Error.WriteLine($"taskmon: {SafeText.Line(path)} is served by process {server}, not {pid}: ignored");
                socket.Dispose();
                return null;
            }
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return null;
        }
    }
}
