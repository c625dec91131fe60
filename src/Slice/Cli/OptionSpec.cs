namespace Slice.Cli;

/// <summary>One row of the options table: parsing, help, completions and the man page all read it.</summary>
internal sealed record OptionSpec(
    string Id,
    char? Short,
    string? Long,
    string Help,
    ValueStyle Value = ValueStyle.None,
    string? ValueName = null,
    string[]? PossibleValues = null,
    char? HiddenShortAlias = null,
    string? Group = null)
{
    /// <summary>How errors name the option: <c>--delimiter &lt;DELIMITER&gt;</c>, <c>-l</c>.</summary>
    public string Display => Value switch
    {
        ValueStyle.Required => $"--{Long} <{ValueName}>",
        ValueStyle.OptionalEquals => $"--{Long}[=<{ValueName}>]",
        _ => Long is null ? $"-{Short}" : $"--{Long}",
    };

    /// <summary>The left column of the help: <c>-b, --bytes</c>.</summary>
    public string HelpName
    {
        get
        {
            string left = Short is { } s ? (Long is null ? $"-{s}" : $"-{s}, ") : "    ";
            return Long is null ? left : left + Display;
        }
    }

    /// <summary>The help text with the allowed values appended, as clap prints it.</summary>
    public string FullHelp => PossibleValues is null ? Help : $"{Help} [possible values: {string.Join(", ", PossibleValues)}]";
}
