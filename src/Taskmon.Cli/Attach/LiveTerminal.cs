using System.Net.Sockets;
using Taskmon.Terminal;

namespace Taskmon.Cli.Attach;

/// <summary>
/// <c>taskmon --pid PID</c> on a process that runs Taskmon: its live terminal through the Unix socket the library
/// listens on (<c>$TMPDIR/taskmon-PID.sock</c>, <see cref="TerminalSocketPath"/>), with every command a TCP session has
/// and no port to know. Works in every build, the static one included (no DAC needed). A socket file nobody listens
/// on (left by a process that was killed) is not the process asked for: the caller reads a snapshot instead.
/// </summary>
internal static class LiveTerminal
{
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
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return null;
        }
    }
}
