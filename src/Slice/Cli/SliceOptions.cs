using Slice.Ranges;
using Slice.Scanning;

namespace Slice.Cli;

/// <summary>A validated command line.</summary>
internal sealed record SliceOptions(
    RangeSpec? Range,
    SliceMode Mode,
    IReadOnlyList<string> Files,
    bool Quiet,
    bool Explain,
    string? TranslateDialect,
    string? Generate,
    int? IoBufferSize,
    long RecordLimit);
