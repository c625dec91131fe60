using Taskmon.Hosting;

namespace Taskmon.Web;

/// <summary>
/// Where and how the web dashboard and JSON API listen; bound from the configuration section
/// <c>Taskmon:Web</c> by <c>AddTaskmonWeb</c>. The setting names are the terminal's
/// (<c>Address</c>, <c>Port</c>, <c>AllowRemote</c>, <c>Token</c>), and so is the rule: a mistake
/// fails start-up with a message naming the key.
/// </summary>
public sealed class TaskmonWebOptions
{
    /// <summary>The default port, 20102.</summary>
    public const int DefaultPort = 20102;

    /// <summary>Address to bind: an IP address or <c>localhost</c> (the loopback address). Default <c>127.0.0.1</c>.
    /// A non-loopback address also needs <see cref="AllowRemote"/> and a <see cref="Token"/>.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port. Default <see cref="DefaultPort"/> (20102); 0 picks a free port (tests).</summary>
    [SettingRange(0, 65535, ErrorMessage = "Taskmon:Web:Port must be from {1} to {2}.")]
    public int Port { get; set; } = DefaultPort;

    /// <summary>Explicit consent to listen on a non-loopback address (with a <see cref="Token"/>). Default <c>false</c>.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>Shared secret every request must present, as <c>Authorization: Bearer TOKEN</c> or
    /// <c>?token=TOKEN</c> (the dashboard passes on the one in its own address). Default <c>null</c>:
    /// no token, which is allowed on loopback only.</summary>
    public string? Token { get; set; }

    /// <summary>How often the live event stream pushes counts and thread-pool state to dashboards, from 50 ms to 1 hour. Default 1 second.</summary>
    [SettingRange("00:00:00.050", "01:00:00", ErrorMessage = "Taskmon:Web:RefreshInterval must be from {1} to {2}.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
