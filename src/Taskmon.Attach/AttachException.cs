namespace Taskmon.Attach;

/// <summary>An expected failure of <c>taskmon --pid</c>: a one-line message and an exit code.</summary>
public sealed class AttachException(AttachError error, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What went wrong; its value is the exit code.</summary>
    public AttachError Error { get; } = error;
}
