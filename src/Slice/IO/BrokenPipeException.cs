namespace Slice.IO;

/// <summary>The reader of stdout went away (EPIPE): a normal stop request, a quiet success.</summary>
internal sealed class BrokenPipeException : Exception
{
    public BrokenPipeException() : base("broken pipe")
    {
    }

    public BrokenPipeException(string message) : base(message)
    {
    }

    public BrokenPipeException(string message, Exception inner) : base(message, inner)
    {
    }
}
