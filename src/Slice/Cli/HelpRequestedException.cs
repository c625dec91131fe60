namespace Slice.Cli;

/// <summary>-h/--help or -V/--version was seen: print it and stop parsing (exit code 0).</summary>
internal sealed class HelpRequestedException : Exception
{
    public HelpRequestedException() : this(false)
    {
    }

    public HelpRequestedException(bool version) : base(version ? "version" : "help")
    {
        Version = version;
    }

    public HelpRequestedException(string message) : base(message)
    {
    }

    public HelpRequestedException(string message, Exception inner) : base(message, inner)
    {
    }

    public bool Version { get; }
}
