using Taskmon.Hosting;

namespace Taskmon.Terminal;

/// <summary>Settings of the terminal UI server (telnet protocol, one session per connection).</summary>
public sealed class TerminalOptions
{
    /// <summary>Whether the terminal server starts. Default: <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address to listen on: an IP address or <c>localhost</c> (the loopback address). Default: <c>127.0.0.1</c>.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port. Default: <c>20101</c>; <c>0</c> picks a free port (see <c>TerminalServer.Port</c>).</summary>
    [SettingRange(0, 65535, ErrorMessage = "Taskmon:Terminal:Port must be from {1} to {2}.")]
    public int Port { get; set; } = 20101;

    /// <summary>
    /// Must be <c>true</c>, together with a <see cref="Token"/>, to listen on a non-loopback address;
    /// otherwise such a listener is refused with a log message. Default: <c>false</c>.
    /// </summary>
    public bool AllowRemote { get; set; }

    /// <summary>
    /// Shared secret clients must send before any command on TCP. Default: none (not asked). The Unix socket
    /// (<see cref="UnixSocket"/>) does not ask for it: only this user (and root) can connect there.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Whether the terminal also listens on a Unix domain socket named by the process id in the temporary directory,
    /// <c>$TMPDIR/taskmon-PID.sock</c> (mode 0600: this user only, like the runtime's own diagnostic socket beside
    /// it), so <c>taskmon --pid PID</c> reaches this live terminal without a port. Removed when the monitor stops.
    /// Default: <c>true</c>. Configuration: <c>"Terminal": { "UnixSocket": false }</c>.
    /// </summary>
    public bool UnixSocket { get; set; } = true;

    /// <summary>The directory of the Unix socket; null: the temporary directory (tests give their own).</summary>
    internal string? UnixSocketDirectory { get; set; }

    /// <summary>The prompt. <c>{pid}</c> is replaced with the process id. Default: <c>taskmon >>> </c>.</summary>
    public string Prompt { get; set; } = "taskmon >>> ";

    /// <summary>Sessions served at once; further connections are told so and closed. Default: <c>100</c>.</summary>
    [SettingRange(1, 10_000, ErrorMessage = "Taskmon:Terminal:MaxSessions must be from {1} to {2}.")]
    public int MaxSessions { get; set; } = 100;

    /// <summary>
    /// Output bytes queued for one client before it is considered stuck and disconnected, so a slow
    /// client never holds memory or blocks anything. Default: 4 MiB.
    /// </summary>
    [SettingRange(65_536, 1_073_741_824, ErrorMessage = "Taskmon:Terminal:MaxQueuedOutputBytes must be from {1} to {2}.")]
    public int MaxQueuedOutputBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// A session that sends nothing for this long is closed. Default: 30 minutes.
    /// Configuration: <c>"Terminal": { "IdleTimeout": "00:30:00" }</c>.
    /// </summary>
    [SettingRange("00:00:01", "7.00:00:00", ErrorMessage = "Taskmon:Terminal:IdleTimeout must be from {1} to {2}.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>With a <see cref="Token"/>, how long a new connection has to send it before it is closed (10 s).</summary>
    internal TimeSpan TokenTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client may leave its output unread before it is dropped (20 s).</summary>
    internal TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Commands the application added with <see cref="AddCommand"/> (a method, so configuration binding leaves it alone).</summary>
    private readonly List<TaskmonCommand> _commands = [];

    /// <summary>Adds an application command to the shell (terminal, web UI and client). Built-in names win over it.</summary>
    /// <param name="command">The command.</param>
    /// <returns>These options, to chain calls.</returns>
    public TerminalOptions AddCommand(TaskmonCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Add(command);
        return this;
    }

    internal IReadOnlyList<TaskmonCommand> AppCommands() => _commands;
}
