using System.Net;
using System.Net.Sockets;

namespace Taskmon.Cli;

/// <summary>Opens the TCP connection (or hands over the one <c>--pid</c> opened). <c>localhost</c> is resolved here: the static binary has no NSS.</summary>
internal static class Connector
{
    public static async Task<Socket> ConnectAsync(ClientOptions options, CancellationToken cancellationToken)
    {
        if (options.Connected is { } connected)
        {
            return connected;
        }
        var addresses = await ResolveAsync(options.Host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ConnectTimeout);
                await socket.ConnectAsync(new IPEndPoint(address, options.Port), timeout.Token).ConfigureAwait(false);
                return socket;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = e;
            }
        }
        var reason = last is SocketException s ? s.Message : "timed out";
        throw new ClientException(ExitCode.ConnectionFailed,
            $"cannot connect to {options.Host}:{options.Port}: {reason} (is the app running with Taskmon's terminal enabled?)");
    }

    internal static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.Length == 0)
        {
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return [address];
        }
        try
        {
            var found = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            if (found.Length > 0)
            {
                return found;
            }
        }
        catch (SocketException)
        {
            // Reported below in one line.
        }
        throw new ClientException(ExitCode.ConnectionFailed, $"cannot resolve host '{host}' (use an IP address)");
    }
}
