namespace Taskmon.Terminal;

/// <summary>What one key press from a character-mode client means to the line editor.</summary>
internal enum KeyKind
{
    Char,
    Enter,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    Tab,
    KillToEnd,
    KillToStart,
    KillWord,
    Interrupt,
    EndOfInput,
    Redraw,
}
