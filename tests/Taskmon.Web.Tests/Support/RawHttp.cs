using System.Net.Sockets;
using System.Text;

namespace Taskmon.Web.Tests.Support;

/// <summary>Speaks bytes to the server over a plain socket, for what HttpClient will not send.</summary>
public static class RawHttp
{
    public static async Task<string> SendAsync(Uri server, byte[] request, int timeoutMs = 10_000)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeoutMs);
        await client.ConnectAsync(server.Host, server.Port, cts.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cts.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything we sent.
        }
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cts.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (Encoding.Latin1.GetString(buffer.ToArray()).Contains("Connection: close", StringComparison.Ordinal) && HasFullBody(buffer)) break;
            }
        }
        catch (IOException)
        {
            // connection reset after the answer: fine
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static Task<string> SendAsync(Uri server, string request) => SendAsync(server, Encoding.Latin1.GetBytes(request));

    private static bool HasFullBody(MemoryStream buffer)
    {
        var text = Encoding.Latin1.GetString(buffer.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0) return false;
        var marker = "Content-Length: ";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || at > headEnd) return false;
        var end = text.IndexOf("\r\n", at, StringComparison.Ordinal);
        var length = int.Parse(text[(at + marker.Length)..end], System.Globalization.CultureInfo.InvariantCulture);
        return buffer.Length >= headEnd + 4 + length;
    }
}
