using System.Globalization;

namespace Taskmon.Cli;

/// <summary><c>taskmon top</c>: what it asks the server's <c>top</c> command for.</summary>
internal sealed record TopRequest
{
    public double Delay { get; init; } = 1;

    public int Iterations { get; init; } = 1;

    public bool Batch { get; init; }

    public bool PersistentOnly { get; init; }

    /// <summary>The server's command line: plain snapshots, or the full-screen view that ends the session on quit.</summary>
    public string CommandLine(bool batch) =>
        string.Create(CultureInfo.InvariantCulture, $"top -d {Delay} ")
        + (batch ? string.Create(CultureInfo.InvariantCulture, $"--batch -n {Iterations}") : "--exit")
        + (PersistentOnly ? " --persistent" : "");
}
