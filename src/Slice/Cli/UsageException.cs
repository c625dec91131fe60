namespace Slice.Cli;

/// <summary>
/// A command-line mistake (exit code 2). <see cref="Exception.Message"/> is the text after
/// <c>error: </c>; <see cref="Usage"/>, when set, is printed as clap does.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException() : this("invalid usage")
    {
    }

    public UsageException(string message) : base(message)
    {
    }

    public UsageException(string message, Exception inner) : base(message, inner)
    {
    }

    public UsageException(string message, string? usage) : base(message)
    {
        Usage = usage;
    }

    public string? Usage { get; }

    /// <summary>The complete stderr text.</summary>
    public string Render()
    {
        string usage = Usage is null ? string.Empty : $"Usage: {Usage}\n\n";
        return $"error: {Message}\n\n{usage}For more information, try '--help'.\n";
    }
}
