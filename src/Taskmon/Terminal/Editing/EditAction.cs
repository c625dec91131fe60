namespace Taskmon.Terminal;

/// <summary>What a key did to the line being edited, for the session to act on.</summary>
internal enum EditAction
{
    None,
    Submit,
    Complete,
    Interrupt,
    EndOfInput,
}
