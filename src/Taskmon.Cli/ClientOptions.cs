using System.Net.Sockets;

namespace Taskmon.Cli;

/// <summary>What the command line asked for.</summary>
internal sealed record ClientOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 20101;

    public string? Token { get; init; }

    public bool Json { get; init; }

    /// <summary>--pid: read this .NET process directly (a snapshot) instead of connecting to a Taskmon terminal.</summary>
    public int? Pid { get; init; }

    /// <summary>--snapshot: read the --pid process with ClrMD even when Taskmon runs in it (its live terminal is the default).</summary>
    public bool Snapshot { get; init; }

    /// <summary>A connection opened already (the --pid process's Unix socket), used instead of connecting to host and port.</summary>
    public Socket? Connected { get; init; }

    /// <summary>--dump: read the --pid process through a dump its runtime writes (no ptrace), deleted afterwards.</summary>
    public bool ViaDump { get; init; }

    /// <summary>--list: list the .NET processes one may read with --pid.</summary>
    public bool List { get; init; }

    /// <summary>The one command to run, or null for an interactive session.</summary>
    public string? Command { get; init; }

    /// <summary><c>top</c>: the live view (interactive) or its plain snapshots (batch).</summary>
    public TopRequest? Top { get; init; }

    /// <summary>A line the interactive session types once the server has negotiated (what <c>top</c> runs).</summary>
    public string? InitialLine { get; init; }

    public bool Help { get; init; }

    public bool Version { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
