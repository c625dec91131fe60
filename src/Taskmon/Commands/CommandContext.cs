namespace Taskmon.Commands;

/// <summary>What a command may use besides its arguments: the session it runs for.</summary>
internal sealed class CommandContext
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
}
