namespace Slice.Scanning;

/// <summary>What one element of the input is.</summary>
internal enum ModeKind
{
    /// <summary>Records ending at '\n' (the default).</summary>
    Lines,

    /// <summary>Single bytes.</summary>
    Bytes,

    /// <summary>UTF-8 code points; each invalid byte is one element.</summary>
    Chars,

    /// <summary>Extended grapheme clusters; invalid bytes stand alone.</summary>
    Graphemes,

    /// <summary>Records ending at a literal delimiter (<c>--delimiter</c>, <c>-z</c>).</summary>
    Delimiter,
}
