using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Taskmon.Web.Http;

/// <summary>
/// Who may talk to the API: the token when one is configured; on a loopback bind, only requests
/// addressed to a loopback host name (a DNS-rebinding page in the operator's browser cannot reach
/// it); and state changes only from the dashboard's own origin (a page elsewhere, or in a sandboxed
/// frame, cannot make the operator's browser cancel tasks or switch tracking).
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
        {
            return (403, "this monitor only answers requests addressed to localhost");
        }

        if (_token is not null && !TokenMatches(request))
        {
            return (401, "missing or wrong token (send 'Authorization: Bearer TOKEN' or '?token=TOKEN')");
        }

        if (request.Method is not ("GET" or "HEAD") && CrossSiteReason(request, host) is { } reason)
        {
            return (403, "cross-origin requests may not change state: " + reason);
        }

        return null;
    }

    /// <summary>
    /// Why a state-changing request does not come from the dashboard itself, or null when it does.
    /// A browser always says where a request comes from (Origin, Sec-Fetch-Site, Referer); a client
    /// such as curl or the taskmon CLI sends none of them. Whatever a browser says must name this
    /// server's own origin: "null" (a sandboxed frame, a file: page) and any other site are refused.
    /// </summary>
    private static string? CrossSiteReason(HttpRequest request, string? host)
    {
        var origin = request.Header("origin");
        if (origin is not null && !IsOwnOrigin(origin, request.Scheme, host))
        {
            return origin == "null" ? "Origin is null (a sandboxed frame or a local file)" : "Origin is another site";
        }

        var fetchSite = request.Header("sec-fetch-site");
        if (fetchSite is not null && fetchSite is not ("same-origin" or "none"))
        {
            return $"the browser marked the request '{fetchSite}'";
        }

        var referer = request.Header("referer");
        if (referer is not null && !IsOwnOrigin(referer, request.Scheme, host))
        {
            return "the Referer is another site";
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="url"/> (an Origin or a Referer) is SCHEME://HOST, the request's own scheme
    /// (as the host sees it: https behind a TLS proxy in ASP.NET Core) and Host header.
    /// </summary>
    private static bool IsOwnOrigin(string url, string scheme, string? host) =>
        host is not null
        && Uri.TryCreate(url, UriKind.Absolute, out var from)
        && Uri.TryCreate(scheme + "://" + host + "/", UriKind.Absolute, out var self)
        && from.Scheme == self.Scheme
        && from.UserInfo.Length == 0
        && string.Equals(from.IdnHost, self.IdnHost, StringComparison.OrdinalIgnoreCase)
        && from.Port == self.Port;

    private bool TokenMatches(HttpRequest request)
    {
        string? presented = null;
        var auth = request.Header("authorization");
        if (auth is not null && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = auth[7..].Trim();
        }
        else if (request.Query.TryGetValue("token", out var q))
        {
            presented = q;
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }

    private static bool IsLoopbackHost(string hostHeader)
    {
        var name = StripPort(hostHeader);
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(name.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

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
