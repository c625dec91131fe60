namespace Taskmon.Terminal;

/// <summary>
/// A command the application adds to the monitor shell (terminal, web UI and client). The handler
/// receives the words typed after the command name and returns the text to show; throwing
/// <see cref="TaskmonCommandException"/> shows its message as an error line.
/// </summary>
/// <param name="name">Name typed in the shell, e.g. <c>queue</c>.</param>
/// <param name="description">One line shown by <c>help</c>.</param>
/// <param name="handler">Runs the command: arguments in, output text out.</param>
public sealed class TaskmonCommand(string name, string description, Func<IReadOnlyList<string>, CancellationToken, Task<string>> handler)
{
    /// <summary>Name typed in the shell.</summary>
    public string Name { get; } = string.IsNullOrWhiteSpace(name) || name.Contains(' ', StringComparison.Ordinal)
        ? throw new ArgumentException("A command name is one non-empty word.", nameof(name))
        : name;

    /// <summary>One line shown by <c>help</c>.</summary>
    public string Description { get; } = description ?? "";

    /// <summary>Other names for the command.</summary>
    public IList<string> Aliases { get; } = [];

    /// <summary>Runs the command.</summary>
    public Func<IReadOnlyList<string>, CancellationToken, Task<string>> Handler { get; } = handler ?? throw new ArgumentNullException(nameof(handler));
}
