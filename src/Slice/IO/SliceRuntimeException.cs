namespace Slice.IO;

/// <summary>A failure while reading or writing (exit code 1); the message prints on one line.</summary>
internal class SliceRuntimeException : Exception
{
    public SliceRuntimeException() : this("I/O error")
    {
    }

    public SliceRuntimeException(string message) : base(message)
    {
    }

    public SliceRuntimeException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>The failed system call's errno, when there is one.</summary>
    public int Errno { get; init; }

    public static SliceRuntimeException FromErrno(int errno) => new(Native.Describe(errno)) { Errno = errno };
}
