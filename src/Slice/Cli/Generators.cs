using System.Text;

namespace Slice.Cli;

/// <summary>Shell completions and the man page, generated from <see cref="OptionTable"/>.</summary>
internal static class Generators
{
    public static string Render(string kind) => kind switch
    {
        "complete-bash" => Bash(),
        "complete-zsh" => Zsh(),
        "complete-fish" => Fish(),
        "complete-powershell" => PowerShell(),
        _ => Man(),
    };

    private static IEnumerable<string> Words()
    {
        foreach (OptionSpec o in OptionTable.Options)
        {
            if (o.Short is { } s)
            {
                yield return $"-{s}";
            }

            if (o.Long is { } l)
            {
                yield return $"--{l}";
            }
        }
    }

    private static string Bash()
    {
        StringBuilder s = new();
        s.Append("_slice() {\n");
        s.Append("    local cur prev\n");
        s.Append("    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n");
        s.Append("    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n");
        s.Append("    case \"${prev}\" in\n");
        foreach (OptionSpec o in OptionTable.Options)
        {
            if (o.Value != ValueStyle.Required)
            {
                continue;
            }

            string values = o.PossibleValues is null ? string.Empty : string.Join(' ', o.PossibleValues);
            s.Append($"        --{o.Long})\n            COMPREPLY=($(compgen -W \"{values}\" -- \"${{cur}}\"))\n            return 0\n            ;;\n");
        }

        s.Append("    esac\n");
        s.Append("    if [[ \"${cur}\" == -* ]]; then\n");
        s.Append($"        COMPREPLY=($(compgen -W \"{string.Join(' ', Words())} --translate=\" -- \"${{cur}}\"))\n");
        s.Append("        return 0\n    fi\n");
        s.Append("    COMPREPLY=($(compgen -f -- \"${cur}\"))\n");
        s.Append("}\n\ncomplete -F _slice -o bashdefault -o default slice\n");
        return s.ToString();
    }

    private static string Zsh()
    {
        StringBuilder s = new();
        s.Append("#compdef slice\n\n_slice() {\n    _arguments -s -S \\\n");
        foreach (OptionSpec o in OptionTable.Options)
        {
            string help = Quote(o.Help).Replace("'", "'\\''", StringComparison.Ordinal);
            string action = o.Value switch
            {
                ValueStyle.None => string.Empty,
                _ when o.PossibleValues is not null => $":{o.ValueName}:({string.Join(' ', o.PossibleValues)})",
                _ => $":{o.ValueName}: ",
            };
            string prefix = o.Value == ValueStyle.OptionalEquals ? "=-" : string.Empty;
            if (o.Short is { } sh)
            {
                s.Append($"        '-{sh}[{help}]{action}' \\\n");
            }

            if (o.Long is { } l)
            {
                s.Append($"        '--{l}{prefix}[{help}]{action}' \\\n");
            }
        }

        s.Append("        ':range -- start\\:end\\:step:' \\\n        '*::files:_files'\n}\n\n_slice \"$@\"\n");
        return s.ToString();
    }

    private static string Fish()
    {
        StringBuilder s = new();
        foreach (OptionSpec o in OptionTable.Options)
        {
            s.Append("complete -c slice");
            if (o.Short is { } sh)
            {
                s.Append($" -s {sh}");
            }

            if (o.Long is { } l)
            {
                s.Append($" -l {l}");
            }

            if (o.Value == ValueStyle.Required)
            {
                s.Append(" -r");
            }

            if (o.PossibleValues is not null)
            {
                s.Append($" -f -a \"{string.Join(' ', o.PossibleValues)}\"");
            }

            s.Append($" -d '{Quote(o.Help).Replace("'", "\\'", StringComparison.Ordinal)}'\n");
        }

        return s.ToString();
    }

    private static string PowerShell()
    {
        StringBuilder s = new();
        s.Append("Register-ArgumentCompleter -Native -CommandName 'slice' -ScriptBlock {\n");
        s.Append("    param($wordToComplete, $commandAst, $cursorPosition)\n");
        s.Append("    $options = @(\n");
        foreach (string word in Words())
        {
            s.Append($"        '{word}'\n");
        }

        s.Append("    )\n");
        s.Append("    $options | Where-Object { $_ -like \"$wordToComplete*\" } | ForEach-Object {\n");
        s.Append("        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterName', $_)\n");
        s.Append("    }\n}\n");
        return s.ToString();
    }

    private static string Man()
    {
        StringBuilder s = new();
        s.Append($".TH slice 1 \"slice {typeof(Generators).Assembly.GetName().Version?.ToString(3)}\"\n");
        s.Append(".SH NAME\nslice \\- ").Append(Roff(OptionTable.About)).Append('\n');
        s.Append(".SH SYNOPSIS\n\\fBslice\\fR [\\fIOPTIONS\\fR] <\\fIRANGE\\fR> [\\fIFILES\\fR]...\n");
        s.Append(".SH DESCRIPTION\n").Append(Roff(OptionTable.About)).Append('\n');
        s.Append(".SH OPTIONS\n");
        foreach (OptionSpec o in OptionTable.Options)
        {
            s.Append(".TP\n\\fB").Append(Roff(o.HelpName.Trim())).Append("\\fR\n").Append(Roff(o.FullHelp)).Append('\n');
        }

        s.Append(".TP\n<\\fIRANGE\\fR>\n").Append(Roff(OptionTable.RangeHelp).Replace("\n", "\n.br\n", StringComparison.Ordinal)).Append('\n');
        s.Append(".TP\n[\\fIFILES\\fR]...\n").Append(Roff(OptionTable.FilesHelp)).Append('\n');
        s.Append(".SH EXIT STATUS\n0 success (also when the reader of the output goes away), 1 an I/O or record-size error, 2 a usage error.\n");
        s.Append(".SH EXAMPLES\n.nf\nslice 10:20 app.log\nslice \\-100: app.log\nslice ::\\-1 app.log\n.fi\n");
        return s.ToString();
    }

    private static string Quote(string text) => text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static string Roff(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
}
