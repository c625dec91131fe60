namespace Taskmon.Web;

/// <summary>Where and how the web dashboard and JSON API listen.</summary>
public sealed class TaskmonWebOptions
{
    /// <summary>The default port, 20102.</summary>
    public const int DefaultPort = 20102;

    /// <summary>IP address to bind. Default <c>127.0.0.1</c>. A non-loopback address also needs
    /// <see cref="AllowNonLoopback"/> and a <see cref="Token"/>, or the server refuses to start.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port. Default <see cref="DefaultPort"/> (20102); 0 picks a free port (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Explicit consent to listen on a non-loopback address. Default <c>false</c>.</summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>Shared secret every request must present, as <c>Authorization: Bearer TOKEN</c> or
    /// <c>?token=TOKEN</c> (the dashboard passes on the one in its own address). Default <c>null</c>:
    /// no token, which is allowed on loopback only.</summary>
    public string? Token { get; set; }

    /// <summary>How often the live event stream pushes counts and thread-pool state to dashboards. Default 1 second.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
