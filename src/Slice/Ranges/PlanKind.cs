namespace Slice.Ranges;

/// <summary>How a range executes, decided once before any input is read.</summary>
internal enum PlanKind
{
    /// <summary>Selects nothing for every input: read nothing.</summary>
    Empty,

    /// <summary>Head-relative start and end: stream forward, stop once past the end.</summary>
    Forward,

    /// <summary>Tail-relative start (<c>-k:…</c>): seek backwards on files, retain k records on pipes.</summary>
    Tail,

    /// <summary>Head-relative start, tail-relative end (<c>s:-m</c>): stream with a lag of m records.</summary>
    Lag,

    /// <summary>Negative step: walk backwards (a pipe is spilled to a temporary file first).</summary>
    Reverse,
}
