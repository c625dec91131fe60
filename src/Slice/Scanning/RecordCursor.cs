using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Walks records forward through an <see cref="InputBuffer"/>. A cursor finds boundaries only; it
/// knows nothing of ranges. Records are never materialised: the bytes of passed records are handed to
/// the sink in as few spans as possible (a whole buffer at a time for windows).
/// </summary>
internal abstract class RecordCursor(InputBuffer input)
{
    public InputBuffer Input { get; } = input;

    /// <summary>
    /// Passes up to <paramref name="count"/> records, writing their bytes to <paramref name="sink"/>
    /// (null drops them). Returns how many were passed: fewer only at end of input. A final record
    /// without a terminator counts.
    /// </summary>
    public abstract long Advance(long count, ISink? sink);
}
