using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Taskmon.Serving;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Serving;

/// <summary>The socket-server base the terminal and web servers share, over real loopback connections.</summary>
[Trait("tier", "system")]
public sealed class SocketServerTests
{
    [Fact]
    public async Task Connections_are_served_at_once_tracked_and_counted()
    {
        await using var server = HoldingServer.Start();
        using var a = await server.ConnectAsync();
        using var b = await server.ConnectAsync();
        using var c = await server.ConnectAsync();

        await Wait.UntilAsync(() => server.OpenConnections == 3 && server.OpenCounts.Count == 3, "three connections served at the same time");
        Assert.Equal([1, 2, 3], server.OpenCounts.Order());

        a.Dispose();
        await Wait.UntilAsync(() => server.OpenConnections == 2, "a closed connection to be forgotten");
    }

    [Fact]
    public async Task Dispose_stops_accepting_and_waits_for_every_connection_to_end()
    {
        var server = HoldingServer.Start();
        using var a = await server.ConnectAsync();
        using var b = await server.ConnectAsync();
        await Wait.UntilAsync(() => server.OpenCounts.Count == 2, "two connections served");
        var port = server.Port;

        await server.DisposeAsync();

        // Each connection saw Stopping and then did more asynchronous work: both finished before DisposeAsync returned.
        Assert.Equal(2, server.Ended);
        Assert.Equal(0, server.OpenConnections);
        Assert.False(server.IsListening);
        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task A_connection_that_throws_is_reported_and_the_server_goes_on()
    {
        await using var server = HoldingServer.Start(throwOnFirst: true);
        using var first = await server.ConnectAsync();
        await Wait.UntilAsync(() => !server.Failures.IsEmpty, "the failure to be reported");
        Assert.IsType<InvalidOperationException>(Assert.Single(server.Failures));

        using var second = await server.ConnectAsync();
        await Wait.UntilAsync(() => server.OpenConnections == 1, "the next connection served");
    }

    /// <summary>Holds each connection until the server stops, then does a little more asynchronous work.</summary>
    private sealed class HoldingServer : SocketServer
    {
        private readonly bool _throwOnFirst;
        private int _ended;

        private HoldingServer(bool throwOnFirst) => _throwOnFirst = throwOnFirst;

        public ConcurrentBag<int> OpenCounts { get; } = [];

        public ConcurrentQueue<Exception> Failures { get; } = new();

        public int Ended => Volatile.Read(ref _ended);

        public int Port => ((IPEndPoint)LocalEndPoint!).Port;

        public static HoldingServer Start(bool throwOnFirst = false)
        {
            var server = new HoldingServer(throwOnFirst);
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(16);
            server.Listen(socket);
            return server;
        }

        public async Task<Socket> ConnectAsync()
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return client;
        }

        protected override async Task ServeAsync(Socket client, long connection, int open)
        {
            if (_throwOnFirst && connection == 1)
            {
                throw new InvalidOperationException("connection fault");
            }

            OpenCounts.Add(open);
            var buffer = new byte[16];
            try
            {
                // Ends when the client closes (0 bytes) or the server stops.
                while (await client.ReceiveAsync(buffer, SocketFlags.None, Stopping) > 0)
                {
                }
            }
            catch (OperationCanceledException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
            Interlocked.Increment(ref _ended);
        }

        protected override void OnAcceptFailed(SocketException exception) => Failures.Enqueue(exception);

        protected override void OnConnectionFailed(long connection, Exception exception) => Failures.Enqueue(exception);
    }
}
