namespace Taskmon.Web.Http;

/// <summary>One parsed HTTP/1.1 request: only what the API needs, bounded in size by <see cref="HttpRequestReader"/>.</summary>
internal sealed class HttpRequest
{
    public HttpRequest(string method, string path, IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> headers, bool keepAlive)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        KeepAlive = keepAlive;
    }

    /// <summary>Upper-case method token, e.g. GET.</summary>
    public string Method { get; }

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
