namespace Taskmon.Commands;

/// <summary>What a command may use besides its arguments: the session it runs for.</summary>
internal sealed record CommandContext
{
    /// <summary>Width of the client's terminal in columns.</summary>
    public int Width { get; init; } = 120;

    /// <summary>
    /// A person at a character-mode terminal: slow work may answer at once and report later through
    /// <see cref="Notify"/>. False for scripts, one-shot clients and the web UI, which get final results.
    /// </summary>
    public bool Interactive { get; init; }

    /// <summary>A telnet client in character mode with server echo: full-screen views (<c>top</c>) may take the screen.</summary>
    public bool FullScreen { get; init; }

    /// <summary>
    /// Shows a line later, outside the command's own output (e.g. "task 42 finished cancelling").
    /// Never blocks; does nothing when the session has ended.
    /// </summary>
    public Action<CommandResult> Notify { get; init; } = static _ => { };

    /// <summary>
    /// Shows part of the command's output now, before the command ends, in its place in the output (<c>top --batch</c>
    /// prints each snapshot as it is taken, as <c>top -b</c> does); the command then returns only what is left. Null
    /// where the output is one document (JSON): the command returns everything at the end.
    /// </summary>
    public Func<CommandResult, CancellationToken, Task>? Stream { get; init; }
}
