namespace Slice.Cli;

/// <summary>
/// Parses argv against <see cref="OptionTable"/> with clap's conventions: options before or after
/// RANGE, <c>--opt=value</c>, clustered short flags, <c>--</c>, and a RANGE that may begin with '-'
/// (an unknown option in RANGE position is taken as the RANGE and fails there, like the reference).
/// </summary>
internal static class ArgParser
{
    public static ParsedArgs Parse(IReadOnlyList<string> args)
    {
        ParsedArgs parsed = new();
        bool positionalOnly = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (positionalOnly || arg == "-" || !arg.StartsWith('-'))
            {
                AddPositional(parsed, arg);
            }
            else if (arg == "--")
            {
                positionalOnly = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = arg.IndexOf('=', StringComparison.Ordinal);
                string name = eq < 0 ? arg[2..] : arg[2..eq];
                string? inline = eq < 0 ? null : arg[(eq + 1)..];
                OptionSpec? spec = OptionTable.FindLong(name);
                if (spec is null)
                {
                    Unknown(parsed, arg, arg);
                    continue;
                }

                string? value = null;
                switch (spec.Value)
                {
                    case ValueStyle.None when inline is not null:
                        throw new UsageException($"unexpected value '{inline}' for '{spec.Display}' found; no more were expected", OptionTable.UsageLine);
                    case ValueStyle.Required:
                        if (inline is not null)
                        {
                            value = inline;
                        }
                        else if (i + 1 < args.Count)
                        {
                            value = args[++i];
                        }
                        else
                        {
                            throw new UsageException($"a value is required for '{spec.Display}' but none was supplied", usage: null);
                        }

                        break;
                    case ValueStyle.OptionalEquals:
                        value = inline;
                        break;
                }

                Record(parsed, spec, value);
            }
            else
            {
                if (OptionTable.FindShort(arg[1]) is null)
                {
                    Unknown(parsed, arg, $"-{arg[1]}");
                    continue;
                }

                foreach (char c in arg.AsSpan(1))
                {
                    OptionSpec spec = OptionTable.FindShort(c) ?? throw Unexpected($"-{c}");
                    Record(parsed, spec, null);
                }
            }
        }

        return parsed;
    }

    private static void Unknown(ParsedArgs parsed, string arg, string shown)
    {
        // The RANGE accepts hyphen values (`-5:`), so while it is missing an unknown option is the RANGE.
        if (parsed.Range is null)
        {
            parsed.Range = arg;
            return;
        }

        throw Unexpected(shown);
    }

    private static UsageException Unexpected(string shown) =>
        new($"unexpected argument '{shown}' found\n\n  tip: to pass '{shown}' as a value, use '-- {shown}'", OptionTable.UsageLine);

    private static void AddPositional(ParsedArgs parsed, string arg)
    {
        if (parsed.Range is null)
        {
            parsed.Range = arg;
        }
        else
        {
            parsed.Files.Add(arg);
        }
    }

    private static void Record(ParsedArgs parsed, OptionSpec spec, string? value)
    {
        if (spec.Id == "help")
        {
            throw new HelpRequestedException(false);
        }

        if (spec.Id == "version")
        {
            throw new HelpRequestedException(true);
        }

        if (parsed.Has(spec.Id))
        {
            throw new UsageException($"the argument '{spec.Display}' cannot be used multiple times", OptionTable.UsageLine);
        }

        parsed.Set(spec.Id, value);
    }
}
