namespace Slice;

/// <summary>slice's exit codes.</summary>
internal enum SliceExitCode
{
    /// <summary>Success, including a reader of the output that went away (broken pipe).</summary>
    Success = 0,

    /// <summary>An input could not be opened or read, the output could not be written, or a record exceeded --max-record-size.</summary>
    Failure = 1,

    /// <summary>A usage error: bad range, bad option, conflicting options, or no arguments at all.</summary>
    Usage = 2,
}
