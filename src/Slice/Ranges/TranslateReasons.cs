namespace Slice.Ranges;

/// <summary>Why a dialect has no single-command equivalent (the wording <c>--translate</c> prints).</summary>
internal static class TranslateReasons
{
    public const string Custom = "no standard tool selects records by a custom delimiter";
    public const string Chars = "cut -c is per-line (and selects bytes on GNU), not a stream character slice";
    public const string Graphemes = "no standard tool selects by grapheme cluster";
    public const string StepByte = "strided byte selection has no standard-tool equivalent";
    public const string AwkByte = "awk operates on lines, not byte offsets";
    public const string AwkNewlineNote = "awk re-terminates an unterminated final line and may drop bytes after an embedded NUL";
    public const string AwkTail = "selecting relative to the end needs buffering, not a clean awk one-liner";
    public const string LagStart = "a head-relative start with a tail-relative end needs the input length";
    public const string LagStep = "a tail-relative end combined with a step has no standard-tool equivalent";
    public const string DropLastLines = "no POSIX single command drops the last N lines; GNU has `head -n -N`";
    public const string DropLastBytes = "no POSIX single command drops the last N bytes; GNU has `head -c -N`";
    public const string EmptyLines = "no POSIX single command selects an empty range; GNU has `head -n 0`";
    public const string EmptyBytes = "no POSIX single command selects an empty range; GNU has `head -c 0`";
    public const string TailStep = "a tail-relative start combined with a step has no standard-tool equivalent";
    public const string TailBounded = "a tail-relative start with a fixed end needs the input length";
    public const string HeadCNote = "head -c is not in POSIX; present on BSD and GNU";
    public const string ReversePosix = "no POSIX single command reverses line order; GNU has tac, BSD has tail -r";
    public const string ReversePartial = "reversing a sub-range needs a pipeline, not a single command";
    public const string ReverseStep = "a reverse with a step needs a pipeline, not a single command";
    public const string ReverseBytes = "no standard tool reverses a byte stream";
}
