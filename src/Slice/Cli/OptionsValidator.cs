using System.Text;
using Slice.Ranges;
using Slice.Scanning;

namespace Slice.Cli;

/// <summary>
/// Turns <see cref="ParsedArgs"/> into <see cref="SliceOptions"/>: values in command-line order,
/// then the exclusive <c>--generate</c>, the mode and action groups, and the required arguments —
/// the order (and wording) clap uses for the reference.
/// </summary>
internal static class OptionsValidator
{
    public static SliceOptions Validate(ParsedArgs parsed)
    {
        RangeSpec? range = null;
        int? ioBuffer = null;
        long recordLimit = long.MaxValue;
        for (int i = 0; i <= parsed.Given.Count; i++)
        {
            if (i == parsed.RangeOrder && parsed.Range is { } text)
            {
                range = ParseRange(text);
            }

            if (i == parsed.Given.Count)
            {
                break;
            }

            string id = parsed.Given[i];
            string? value = parsed.Value(id);
            OptionSpec spec = OptionTable.Get(id);
            switch (id)
            {
                case "io-buffer-size":
                    ulong size = ParseSize(spec, value!);
                    ioBuffer = (int)Math.Min(size, 1UL << 30);
                    break;
                case "max-record-size":
                    recordLimit = string.Equals(value, "unlimited", StringComparison.OrdinalIgnoreCase)
                        ? long.MaxValue
                        : (long)Math.Min(ParseSize(spec, value!), long.MaxValue);
                    break;
                case "generate" or "translate" when value is not null && Array.IndexOf(spec.PossibleValues!, value) < 0:
                    throw new UsageException(
                        $"invalid value '{value}' for '{spec.Display}'\n  [possible values: {string.Join(", ", spec.PossibleValues!)}]",
                        usage: null);
            }
        }

        if (parsed.Has("generate") && (parsed.Given.Count > 1 || parsed.Range is not null || parsed.Files.Count > 0))
        {
            throw new UsageException(
                $"the argument '{OptionTable.Get("generate").Display}' cannot be used with one or more of the other specified arguments",
                OptionTable.UsageLine);
        }

        CheckGroup(parsed, "mode");
        CheckGroup(parsed, "action");
        if (parsed.Has("escape") && !parsed.Has("delimiter"))
        {
            throw new UsageException(
                $"the following required arguments were not provided:\n  {OptionTable.Get("delimiter").Display}",
                $"slice --escape {OptionTable.Get("delimiter").Display} <RANGE> [FILES]...");
        }

        if (range is null && !parsed.Has("generate"))
        {
            throw new UsageException("the following required arguments were not provided:\n  <RANGE>", "slice <RANGE> [FILES]...");
        }

        return new SliceOptions(
            range,
            ModeOf(parsed),
            parsed.Files,
            parsed.Has("quiet"),
            parsed.Has("explain"),
            parsed.Has("translate") ? parsed.Value("translate") ?? "gnu" : null,
            parsed.Value("generate"),
            ioBuffer,
            recordLimit);
    }

    private static SliceMode ModeOf(ParsedArgs parsed)
    {
        if (parsed.Has("bytes"))
        {
            return SliceMode.Bytes;
        }

        if (parsed.Has("chars"))
        {
            return SliceMode.Chars;
        }

        if (parsed.Has("graphemes"))
        {
            return SliceMode.Graphemes;
        }

        if (parsed.Has("null"))
        {
            return SliceMode.WithDelimiter([0]);
        }

        if (parsed.Value("delimiter") is { } delimiter)
        {
            byte[] bytes;
            try
            {
                bytes = parsed.Has("escape") ? Escapes.Expand(delimiter) : Encoding.UTF8.GetBytes(delimiter);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message, OptionTable.UsageLine);
            }

            return SliceMode.WithDelimiter(bytes);
        }

        return SliceMode.Lines;
    }

    private static void CheckGroup(ParsedArgs parsed, string group)
    {
        string? first = null;
        foreach (string id in parsed.Given)
        {
            if (OptionTable.Get(id).Group != group)
            {
                continue;
            }

            if (first is null)
            {
                first = id;
                continue;
            }

            string a = OptionTable.Get(first).Display;
            string b = OptionTable.Get(id).Display;
            throw new UsageException($"the argument '{a}' cannot be used with '{b}'", $"slice {a} <RANGE> [FILES]...");
        }
    }

    private static RangeSpec ParseRange(string text)
    {
        try
        {
            return RangeSpec.Parse(text);
        }
        catch (RangeFormatException e)
        {
            throw new UsageException($"invalid value '{text}' for '<RANGE>': {e.Message}", usage: null);
        }
    }

    private static ulong ParseSize(OptionSpec spec, string value)
    {
        ulong size;
        try
        {
            size = ByteSize.Parse(value);
        }
        catch (FormatException e)
        {
            throw new UsageException($"invalid value '{value}' for '{spec.Display}': {e.Message}", usage: null);
        }

        return size == 0 ? throw new UsageException($"invalid value '{value}' for '{spec.Display}': 0 is not allowed", usage: null) : size;
    }
}
