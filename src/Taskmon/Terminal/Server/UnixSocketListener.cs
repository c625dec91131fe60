using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Taskmon.Terminal;

/// <summary>
/// The terminal's Unix domain socket (<see cref="TerminalSocketPath"/>): bound under a staging name, made owner-only
/// (mode 0600), listening, and only then renamed to its path, so the path never shows a socket of another mode or one
/// that refuses connections. A file left at the path by a dead process of the same pid (killed, so it never removed it) is replaced;
/// one a live listener holds (a process of the same pid in another PID namespace sharing the directory) is left alone.
/// One per path in a process: a second monitor in the same process leaves it to the first.
/// </summary>
internal static class UnixSocketListener
{
    private static readonly HashSet<string> s_held = [];
    private static readonly Lock s_gate = new();

    /// <summary>A listening socket at <paramref name="path"/>, or null (and the reason logged); never throws.</summary>
    public static Socket? TryListen(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows() || !Socket.OSSupportsUnixDomainSockets)
        {
            return null;
        }
        if (!Hold(path))
        {
            TerminalLog.UnixSocketHeld(logger, path);
            return null;
        }

        Socket? socket = null;
        var bound = false;

        // Bound under a name of its own in the same directory (so the rename below stays on one file system); random, as
        // a process of the same pid in another PID namespace may share the directory; no longer than the shortest final
        // name (taskmon-1.sock), so a directory near the socket-path limit works as before.
        var staging = Path.Combine(Path.GetDirectoryName(path) ?? ".", $"{TerminalSocketPath.Prefix}{Random.Shared.Next(0x1000000):x6}");
        try
        {
            if (ListenedOn(path))
            {
                TerminalLog.UnixSocketFailed(logger, path, "another live process listens there");
                Unhold(path);
                return null;
            }
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(staging));
            bound = true;
            File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(128);

            // Only now does the path appear (rename(2) replaces a stale file at once): whoever finds it finds an owner-only
            // socket that accepts, never the moment between bind and chmod.
            File.Move(staging, path, overwrite: true);
            TerminalLog.UnixSocketListening(logger, path);
            return socket;
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            socket?.Dispose();
            if (bound)
            {
                TryDelete(staging);
            }
            Unhold(path);
            TerminalLog.UnixSocketFailed(logger, path, SafeText.Line(e.Message));
            return null;
        }
    }

    /// <summary>Removes the socket's file (the listener is closed already) and lets another monitor of this process have it.</summary>
    public static void Release(string path)
    {
        TryDelete(path);
        Unhold(path);
    }

    private static bool Hold(string path)
    {
        lock (s_gate)
        {
            return s_held.Add(path);
        }
    }

    private static void Unhold(string path)
    {
        lock (s_gate)
        {
            s_held.Remove(path);
        }
    }

    /// <summary>Whether a live process accepts connections at <paramref name="path"/> (refused or absent: no).</summary>
    private static bool ListenedOn(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException e)
        {
            // A full backlog (would block) is a live listener too; a socket of another user (access denied) is not ours to take.
            return e.SocketErrorCode is not (SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
                && File.Exists(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not ours to remove, or already gone.
        }
    }
}
