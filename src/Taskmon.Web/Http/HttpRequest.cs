namespace Taskmon.Web.Http;

/// <summary>One parsed HTTP/1.1 request: only what the API needs; read from a socket by <see cref="HttpRequestReader"/> (bounded in size) or adapted from ASP.NET Core's request.</summary>
internal sealed class HttpRequest
{
    public HttpRequest(string method, string path, IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> headers, bool keepAlive, string scheme = "http")
    {
        Method = method;
        Scheme = scheme;
        Path = path;
        Query = query;
        Headers = headers;
        KeepAlive = keepAlive;
    }

    /// <summary>Upper-case method token, e.g. GET.</summary>
    public string Method { get; }

    /// <summary>
    /// The scheme the client used, as the host sees it: <c>http</c> on the standalone server; in ASP.NET
    /// Core the request's scheme (<c>https</c> behind a TLS proxy once forwarded headers are applied).
    /// The dashboard's own origin is <c>Scheme://Host</c>.
    /// </summary>
    public string Scheme { get; }

    /// <summary>Percent-decoded path without the query string, e.g. /api/tasks/42/trace.</summary>
    public string Path { get; }

    /// <summary>Query parameters (last value wins), percent-decoded, case-insensitive names.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Header values by lower-case name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Whether the client asked to keep the connection open after this response.</summary>
    public bool KeepAlive { get; }

    public string? Header(string lowerCaseName) => Headers.TryGetValue(lowerCaseName, out var v) ? v : null;
}
