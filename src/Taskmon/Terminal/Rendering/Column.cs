namespace Taskmon.Terminal;

/// <summary>A table column: header, alignment, and how far it may shrink to fit the terminal.</summary>
internal sealed record Column(string Header, bool AlignRight = false, int MinWidth = 0, bool Shrinks = false);
