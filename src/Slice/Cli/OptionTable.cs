namespace Slice.Cli;

/// <summary>The single table of slice's options and arguments.</summary>
internal static class OptionTable
{
    public const string Name = "slice";

    public const string About =
        "slice is a command-line tool that allows you to slice the contents of a file using syntax similar to Python's slice notation.";

    public const string UsageLine = "slice [OPTIONS] <RANGE> [FILES]...";

    public static readonly string RangeHelp = string.Join(
        '\n',
        "The slice syntax is similar to Python's slice syntax, with the format `start:end:step`.",
        "Each value is optional and, if omitted, defaults to the start of the file, the end of the file, and a step of 1, respectively.",
        "Negative start/end values count back from the end of the input, like Python.",
        "A negative step selects in reverse, like Python ('::-1' reverses the input); files are read backwards and a pipe is spilled to a temporary file.",
        "e.g., '50:100', '50:100:1', '-5:', '::-1'",
        "and the extended syntax 'start:+line' is supported. (experimental)",
        "e.g., '50:+50'");

    public const string FilesHelp = "Target files. if not provided use stdin ('-' means stdin)";

    public static readonly string[] Dialects = ["posix", "bsd", "gnu", "awk", "all"];

    public static readonly string[] GenerateKinds = ["complete-bash", "complete-zsh", "complete-fish", "complete-powershell", "man"];

    public static readonly OptionSpec[] Options =
    [
        new("lines", 'l', null, "Slice the lines (default)", Group: "mode"),
        new("bytes", 'b', "bytes", "Slice the bytes", HiddenShortAlias: 'c', Group: "mode"),
        new("chars", null, "chars", "Slice the UTF-8 characters (code points)", Group: "mode"),
        new("graphemes", null, "graphemes", "Slice the user-perceived characters (grapheme clusters)", Group: "mode"),
        new("delimiter", null, "delimiter", "Slice by delimiter", ValueStyle.Required, "DELIMITER", Group: "mode"),
        new("null", 'z', "null", "Use NUL (\\0) as the delimiter", Group: "mode"),
        new("escape", 'e', "escape", "Interpret backslash escapes in --delimiter (\\t \\n \\r \\0 \\\\ \\xHH)"),
        new("explain", null, "explain", "Explain what the range selects and exit without reading input. Any FILES are ignored", Group: "action"),
        new(
            "translate",
            null,
            "translate",
            "Print the equivalent shell command for the range and mode, then exit without reading input. With no value the build target's native dialect is used. Any FILES are ignored",
            ValueStyle.OptionalEquals,
            "DIALECT",
            Dialects,
            Group: "action"),
        new("generate", null, "generate", "Generate the shell completion script or man page and exit without reading input", ValueStyle.Required, "KIND", GenerateKinds),
        new("quiet", 'q', null, "Suppresses printing of headers when multiple files are being examined"),
        new("io-buffer-size", null, "io-buffer-size", "Set the size of the I/O buffer. This buffer is used for both input and output operations (experimental)", ValueStyle.Required, "IO_BUFFER_SIZE"),
        new(
            "max-record-size",
            null,
            "max-record-size",
            "Maximum bytes retained for one line, custom-delimited record, or grapheme cluster in tail-relative and reverse ranges. Defaults to unlimited",
            ValueStyle.Required,
            "SIZE|unlimited"),
        new("help", 'h', "help", "Print help"),
        new("version", 'V', "version", "Print version"),
    ];

    public static OptionSpec? FindLong(string name) => Array.Find(Options, o => o.Long == name);

    public static OptionSpec? FindShort(char c) => Array.Find(Options, o => o.Short == c || o.HiddenShortAlias == c);

    public static OptionSpec Get(string id) => Array.Find(Options, o => o.Id == id)!;
}
