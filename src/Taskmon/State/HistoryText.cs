using System.Diagnostics.CodeAnalysis;

namespace Taskmon.State;

/// <summary>
/// Caps the app's strings a history entry keeps (exception text and summary, task name and method, where a lost task
/// was stuck), so the history is bounded in bytes as well as in entries: one exception message can be megabytes.
/// </summary>
internal static class HistoryText
{
    /// <summary>Characters kept of each string; the rest is replaced by a marker that says how much was cut.</summary>
    public const int MaxChars = 8192;

    [return: NotNullIfNotNull(nameof(text))]
    public static string? Cap(string? text)
    {
        if (text is null || text.Length <= MaxChars)
        {
            return text;
        }

        // Never split a surrogate pair.
        var keep = char.IsHighSurrogate(text[MaxChars - 1]) ? MaxChars - 1 : MaxChars;
        return string.Concat(text.AsSpan(0, keep), $"… [truncated, {text.Length - keep} chars]");
    }
}
