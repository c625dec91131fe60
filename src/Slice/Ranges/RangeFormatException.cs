namespace Slice.Ranges;

/// <summary>A RANGE that does not parse; the message is the part after <c>'&lt;RANGE&gt;': </c>.</summary>
internal sealed class RangeFormatException(string message) : Exception(message)
{
    public RangeFormatException() : this("invalid range")
    {
    }

    public RangeFormatException(string message, Exception inner) : this(message + inner.Message)
    {
    }
}
