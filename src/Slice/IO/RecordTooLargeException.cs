namespace Slice.IO;

/// <summary>A retained record grew past <c>--max-record-size</c> (exit code 1).</summary>
internal sealed class RecordTooLargeException : SliceRuntimeException
{
    public RecordTooLargeException() : this(0)
    {
    }

    public RecordTooLargeException(long limit)
        : base($"record exceeds --max-record-size={limit} bytes in line/delimiter/grapheme mode; use --max-record-size=unlimited to allow larger records")
    {
    }

    public RecordTooLargeException(string message) : base(message)
    {
    }

    public RecordTooLargeException(string message, Exception inner) : base(message, inner)
    {
    }
}
