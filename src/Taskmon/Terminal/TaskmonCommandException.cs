namespace Taskmon.Terminal;

/// <summary>An expected failure of an application command; its message is shown as one error line.</summary>
public sealed class TaskmonCommandException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public TaskmonCommandException()
    {
    }

    /// <summary>Creates the exception with the message to show.</summary>
    /// <param name="message">One line for the operator.</param>
    public TaskmonCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the message to show and its cause.</summary>
    /// <param name="message">One line for the operator.</param>
    /// <param name="innerException">The cause.</param>
    public TaskmonCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
