using System.Net;

namespace Taskmon.Hosting;

/// <summary>
/// The one rule of both servers, terminal and web, for where they may listen: an IP address or
/// <c>localhost</c>, and a non-loopback address only with <c>AllowRemote</c> and a <c>Token</c>.
/// Its messages name the configuration keys (<c>Taskmon:Terminal:…</c>, <c>Taskmon:Web:…</c>).
/// </summary>
internal static class ListenerRules
{
    /// <summary>Reads an address: <c>localhost</c> is the IPv4 loopback; host names are not resolved.</summary>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(text, out address!);
    }

    /// <summary>What is wrong with a listener's settings, each message naming its key under <paramref name="section"/>; empty when nothing is.</summary>
    public static IEnumerable<string> Problems(string section, string? address, bool allowRemote, string? token)
    {
        if (!TryParseAddress(address, out var ip))
        {
            yield return $"{section}:Address '{address}' is not an IP address or localhost (host names are not resolved).";
        }
        else if (!IPAddress.IsLoopback(ip) && (!allowRemote || string.IsNullOrEmpty(token)))
        {
            yield return $"{section}:Address {ip} is not a loopback address: that needs {section}:AllowRemote = true and a {section}:Token (anyone who reaches the port could cancel tasks).";
        }
    }
}
