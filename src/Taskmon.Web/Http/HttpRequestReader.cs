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
            {
                throw new HttpProtocolException(431, "request head too large");
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start)
                {
                    return null;
                }

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
        {
            throw new HttpProtocolException(413, "request body too large");
        }

        var remaining = (int)contentLength;
        var buffered = Math.Min(remaining, _end - _start);
        _start += buffered;
        remaining -= buffered;
        var scratch = remaining > 0 ? new byte[remaining] : [];
        while (remaining > 0)
        {
            var read = await _stream.ReadAsync(scratch.AsMemory(0, remaining), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new HttpProtocolException(400, "connection closed in the middle of a body");
            }

            remaining -= read;
        }
    }

    private static HttpRequest Parse(string head, out long contentLength)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !IsToken(parts[0]) || parts[2] is not ("HTTP/1.1" or "HTTP/1.0")
            || parts[1].Any(IsForbiddenInHead))
        {
            throw new HttpProtocolException(400, "malformed request line");
        }

        if (lines.Length - 1 > MaxHeaders)
        {
            throw new HttpProtocolException(431, "too many headers");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            // No space before the colon, no folded lines, no bare CR/LF/NUL: each of these is read
            // differently by different servers and proxies (request smuggling), so none is guessed at.
            if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
            {
                throw new HttpProtocolException(400, "malformed header line");
            }

            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (value.Any(IsForbiddenInHead))
            {
                throw new HttpProtocolException(400, "control character in a header value");
            }

            var name = line[..colon].ToLowerInvariant();
            if (!headers.TryAdd(name, value))
            {
                // Framing and addressing must be unambiguous: a second Content-Length, Transfer-Encoding
                // or Host (equal or not) is refused rather than one of them silently chosen.
                if (name is "content-length" or "transfer-encoding" or "host")
                {
                    throw new HttpProtocolException(400, $"more than one {name} header");
                }

                headers[name] = headers[name] + ", " + value;
            }
        }

        contentLength = 0;
        if (headers.ContainsKey("transfer-encoding"))
        {
            throw new HttpProtocolException(411, "chunked request bodies are not accepted (send Content-Length)");
        }

        if (headers.TryGetValue("content-length", out var cl) && !TryParseLength(cl, out contentLength))
        {
            throw new HttpProtocolException(400, "bad Content-Length (decimal digits only)");
        }

        if (parts[2] == "HTTP/1.1" && !headers.ContainsKey("host"))
        {
            throw new HttpProtocolException(400, "HTTP/1.1 request without Host");
        }

        if (headers.TryGetValue("host", out var host) && !IsHostValue(host))
        {
            throw new HttpProtocolException(400, "malformed Host");
        }

        var connection = headers.TryGetValue("connection", out var c) ? c : "";
        var keepAlive = parts[2] == "HTTP/1.1"
            ? !connection.Contains("close", StringComparison.OrdinalIgnoreCase)
            : connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase);

        var target = parts[1];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? target : target[..q];
        if (!rawPath.StartsWith('/'))
        {
            throw new HttpProtocolException(400, "request target must be an absolute path");
        }

        var query = q < 0 ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : ParseQuery(target[(q + 1)..]);
        return new HttpRequest(parts[0], Uri.UnescapeDataString(rawPath), query, headers, keepAlive);
    }

    // RFC 9110 token: the method and header names.
    private static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9'))
            {
                continue;
            }

            if ("!#$%&'*+-.^_`|~".Contains(c))
            {
                continue;
            }

            return false;
        }
        return true;
    }

    // Tab is allowed inside a header value; every other C0 control and DEL is not.
    private static bool IsForbiddenInHead(char c) => c is (< ' ' and not '\t') or '\u007f';

    // A host name, IPv4 or bracketed IPv6 address with an optional port: nothing a log or a URL could misread.
    private static bool IsHostValue(string host) =>
        host.Length is > 0 and <= 255 && host.All(ch => ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_' or ':' or '[' or ']');

    // Only plain decimal digits: no sign, no spaces inside, no hex, no list ("2, 2"), at most 18 digits.
    private static bool TryParseLength(string text, out long length)
    {
        length = 0;
        if (text.Length is 0 or > 18)
        {
            return false;
        }

        foreach (var ch in text)
        {
            if (ch is < '0' or > '9')
            {
                return false;
            }

            length = length * 10 + (ch - '0');
        }
        return true;
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
