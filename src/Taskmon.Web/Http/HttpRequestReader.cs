using System.Text;

namespace Taskmon.Web.Http;

/// <summary>
/// Reads request heads from a connection with hard bounds: a head larger than
/// <see cref="MaxHeadBytes"/> or a body larger than <see cref="MaxBodyBytes"/> is refused, so a
/// hostile or broken client cannot make the monitor allocate without limit.
/// </summary>
internal sealed class HttpRequestReader
{
    public const int MaxHeadBytes = 16 * 1024;
    public const int MaxBodyBytes = 4 * 1024;
    private const int MaxHeaders = 64;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[MaxHeadBytes];
    private int _start;
    private int _end;

    public HttpRequestReader(Stream stream) => _stream = stream;

    /// <summary>Returns the next request, or null when the client closed the connection cleanly between requests.</summary>
    /// <exception cref="HttpProtocolException">The request is malformed or too large.</exception>
    public async Task<HttpRequest?> ReadAsync(CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = FindHeadEnd()) < 0)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
                throw new HttpProtocolException(431, "request head too large");
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start) return null;
                throw new HttpProtocolException(400, "connection closed in the middle of a request");
            }
            _end += read;
        }

        var head = Encoding.Latin1.GetString(_buffer, _start, headEnd - _start);
        _start = headEnd + 4;
        var request = Parse(head, out var contentLength);
        await SkipBodyAsync(contentLength, cancellationToken).ConfigureAwait(false);
        return request;
    }

    private int FindHeadEnd()
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        var i = span.IndexOf("\r\n\r\n"u8);
        return i < 0 ? -1 : _start + i;
    }

    // The API takes its arguments from the path and query string; a body is read and dropped so the
    // connection stays usable, but only up to a small bound.
    private async Task SkipBodyAsync(long contentLength, CancellationToken cancellationToken)
    {
        if (contentLength > MaxBodyBytes)
            throw new HttpProtocolException(413, "request body too large");
        var remaining = (int)contentLength;
        var buffered = Math.Min(remaining, _end - _start);
        _start += buffered;
        remaining -= buffered;
        var scratch = remaining > 0 ? new byte[remaining] : [];
        while (remaining > 0)
        {
            var read = await _stream.ReadAsync(scratch.AsMemory(0, remaining), cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new HttpProtocolException(400, "connection closed in the middle of a body");
            remaining -= read;
        }
    }

    private static HttpRequest Parse(string head, out long contentLength)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new HttpProtocolException(400, "malformed request line");
        if (lines.Length - 1 > MaxHeaders)
            throw new HttpProtocolException(431, "too many headers");

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new HttpProtocolException(400, "malformed header line");
            headers[lines[i][..colon].Trim().ToLowerInvariant()] = lines[i][(colon + 1)..].Trim();
        }

        contentLength = 0;
        if (headers.TryGetValue("transfer-encoding", out _))
            throw new HttpProtocolException(411, "chunked request bodies are not accepted");
        if (headers.TryGetValue("content-length", out var cl) && (!long.TryParse(cl, out contentLength) || contentLength < 0))
            throw new HttpProtocolException(400, "bad Content-Length");

        var connection = headers.TryGetValue("connection", out var c) ? c : "";
        var keepAlive = parts[2] == "HTTP/1.1"
            ? !connection.Contains("close", StringComparison.OrdinalIgnoreCase)
            : connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase);

        var target = parts[1];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? target : target[..q];
        if (!rawPath.StartsWith('/')) throw new HttpProtocolException(400, "request target must be an absolute path");
        var query = q < 0 ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : ParseQuery(target[(q + 1)..]);
        return new HttpRequest(parts[0].ToUpperInvariant(), Uri.UnescapeDataString(rawPath), query, headers, keepAlive);
    }

    private static Dictionary<string, string> ParseQuery(string queryString)
    {
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in queryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            query[Decode(name)] = Decode(value);
        }
        return query;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
