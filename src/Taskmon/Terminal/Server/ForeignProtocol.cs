namespace Taskmon.Terminal;

/// <summary>
/// Recognises lines of another protocol sent to the terminal port. A web page can make the
/// operator's browser POST a form to <c>127.0.0.1:20101</c>: the request line and headers arrive
/// first, then a body of attacker-chosen lines. Such a session is closed before any line runs, as
/// Redis does with <c>POST</c> and <c>Host:</c>.
/// </summary>
internal static class ForeignProtocol
{
    private static readonly string[] HttpHeaders =
    [
        "host:", "user-agent:", "origin:", "referer:", "content-type:", "content-length:", "connection:",
        "accept:", "accept-encoding:", "accept-language:", "upgrade:", "sec-fetch-", "cookie:", "transfer-encoding:",
    ];

    /// <summary>True when <paramref name="line"/> is an HTTP request line or a typical HTTP header.</summary>
    public static bool LooksLikeHttp(string line)
    {
        var text = line.AsSpan().Trim();
        foreach (var header in HttpHeaders)
        {
            if (text.StartsWith(header, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return IsRequestLine(text);
    }

    /// <summary><c>METHOD SP target SP HTTP/digit...</c>, with an upper-case token as the method (HTTP/2's preface included).</summary>
    private static bool IsRequestLine(ReadOnlySpan<char> text)
    {
        var firstSpace = text.IndexOf(' ');
        var lastSpace = text.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return false;
        }
        foreach (var c in text[..firstSpace])
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }
        var version = text[(lastSpace + 1)..];
        return version.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) && version.Length > 5 && char.IsAsciiDigit(version[5]);
    }
}
