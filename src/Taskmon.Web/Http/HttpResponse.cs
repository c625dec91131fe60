using System.Text;

namespace Taskmon.Web.Http;

/// <summary>
/// A response: a complete body (sent with Content-Length, connection may be reused) or, when
/// <see cref="Streamer"/> is set, a stream written until the client leaves (server-sent events).
/// </summary>
internal sealed class HttpResponse
{
    public HttpResponse(int statusCode, string contentType, ReadOnlyMemory<byte> body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
    }

    public int StatusCode { get; }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The Content-Security-Policy directive every answer carries (pages add theirs to it).</summary>
    public const string FramingPolicy = "frame-ancestors 'none'";

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes an open-ended body; the connection is closed when it returns.</summary>
    public Func<Stream, CancellationToken, Task>? Streamer { get; init; }

    public static HttpResponse Text(int statusCode, string text) =>
        new(statusCode, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>
    /// Writes the head and, unless <paramref name="headOnly"/>, the complete body. For a streamed
    /// response only the head is written here; the caller runs <see cref="Streamer"/> afterwards.
    /// </summary>
    public async Task WriteAsync(Stream stream, bool keepAlive, bool headOnly, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Head(keepAlive), cancellationToken).ConfigureAwait(false);
        if (!headOnly && Streamer is null && !Body.IsEmpty)
        {
            await stream.WriteAsync(Body, cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The header fields of this answer other than Content-Type and the framing ones (Content-Length,
    /// Connection), which each host writes its own way: the security headers every answer carries,
    /// then <see cref="Headers"/>.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> HeaderFields()
    {
        // No page of the monitor may be framed by another (clickjacking the Cancel button), and no
        // answer is sniffed into another type. A page's own policy names frame-ancestors itself.
        yield return new("X-Content-Type-Options", "nosniff");
        yield return new("X-Frame-Options", "DENY");
        if (!Headers.ContainsKey("Content-Security-Policy"))
        {
            yield return new("Content-Security-Policy", FramingPolicy);
        }

        foreach (var field in Headers)
        {
            yield return field;
        }
    }

    private byte[] Head(bool keepAlive)
    {
        var head = new StringBuilder(256);
        head.Append("HTTP/1.1 ").Append(StatusCode).Append(' ').Append(ReasonPhrase(StatusCode)).Append("\r\n");
        head.Append("Content-Type: ").Append(ContentType).Append("\r\n");
        foreach (var (name, value) in HeaderFields())
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (Streamer is null)
        {
            head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
            head.Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        }
        else
        {
            head.Append("Connection: close\r\n");
        }
        head.Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
