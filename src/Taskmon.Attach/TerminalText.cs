using Taskmon.Terminal;

namespace Taskmon.Attach;

/// <summary>
/// Strings read from the target (type names, file paths, the process name) are hostile to the operator's terminal:
/// they are bounded in length and go through the monitor's one terminal-safety rule (<see cref="SafeText"/>:
/// control characters, DEL, C1 and bidirectional overrides are shown, never sent).
/// </summary>
internal static class TerminalText
{
    public const int MaxLength = 400;

    public static string Clean(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty
        : text.Length > MaxLength ? SafeText.Line(text[..MaxLength]) + "…"
        : SafeText.Line(text);
}
