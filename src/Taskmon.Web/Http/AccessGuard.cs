using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Taskmon.Web.Http;

/// <summary>
/// Who may talk to the API: the token when one is configured; on a loopback bind, only requests
/// addressed to a loopback host name (a DNS-rebinding page in the operator's browser cannot reach
/// it); and no cross-origin state changes (a page elsewhere cannot make the browser cancel tasks).
/// </summary>
internal sealed class AccessGuard
{
    private readonly byte[]? _token;
    private readonly bool _loopbackOnly;

    public AccessGuard(string? token, bool loopbackOnly)
    {
        _token = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);
        _loopbackOnly = loopbackOnly;
    }

    /// <summary>Returns null when the request may proceed, otherwise the status and reason to refuse it with.</summary>
    public (int Status, string Reason)? Check(HttpRequest request)
    {
        var host = request.Header("host");
        if (_loopbackOnly && (host is null || !IsLoopbackHost(host)))
            return (403, "this monitor only answers requests addressed to localhost");

        if (_token is not null && !TokenMatches(request))
            return (401, "missing or wrong token (send 'Authorization: Bearer TOKEN' or '?token=TOKEN')");

        if (request.Method is not ("GET" or "HEAD"))
        {
            var origin = request.Header("origin");
            if (origin is not null && origin != "null" && !SameHost(origin, host))
                return (403, "cross-origin requests may not change state");
        }
        return null;
    }

    private bool TokenMatches(HttpRequest request)
    {
        string? presented = null;
        var auth = request.Header("authorization");
        if (auth is not null && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            presented = auth[7..].Trim();
        else if (request.Query.TryGetValue("token", out var q))
            presented = q;
        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }

    private static bool IsLoopbackHost(string hostHeader)
    {
        var name = StripPort(hostHeader);
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(name.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    private static bool SameHost(string origin, string? host) =>
        host is not null && Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase);

    private static string StripPort(string hostHeader)
    {
        if (hostHeader.StartsWith('['))
        {
            var close = hostHeader.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? hostHeader : hostHeader[..(close + 1)];
        }
        var colon = hostHeader.LastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader[..colon];
    }
}
