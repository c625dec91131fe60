namespace Slice.Cli;

/// <summary>Whether an option takes a value, and how.</summary>
internal enum ValueStyle
{
    /// <summary>A flag.</summary>
    None,

    /// <summary><c>--opt VALUE</c> or <c>--opt=VALUE</c>.</summary>
    Required,

    /// <summary><c>--opt</c> or <c>--opt=VALUE</c> only (never takes the next argument).</summary>
    OptionalEquals,
}
