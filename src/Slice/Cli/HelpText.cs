using System.Text;

namespace Slice.Cli;

/// <summary>The help screen, laid out like clap's long help, from <see cref="OptionTable"/>.</summary>
internal static class HelpText
{
    private const string ArgumentIndent = "              ";
    private const string OptionIndent = "          ";

    public static string Render()
    {
        StringBuilder text = new();
        text.Append(OptionTable.About).Append("\n\n");
        text.Append("Usage: ").Append(OptionTable.UsageLine).Append("\n\n");
        text.Append("Arguments:\n");
        string[] rangeLines = OptionTable.RangeHelp.Split('\n');
        text.Append("  <RANGE>     ").Append(rangeLines[0]).Append('\n');
        foreach (string line in rangeLines.AsSpan(1))
        {
            text.Append(ArgumentIndent).Append(line).Append('\n');
        }

        text.Append("  [FILES]...  ").Append(OptionTable.FilesHelp).Append("\n\n");
        text.Append("Options:\n");
        foreach (OptionSpec option in OptionTable.Options)
        {
            text.Append("  ").Append(option.HelpName).Append('\n');
            text.Append(OptionIndent).Append(option.FullHelp).Append('\n');
        }

        return text.ToString();
    }

    public static string Version() => $"{OptionTable.Name} {typeof(HelpText).Assembly.GetName().Version?.ToString(3)}\n";
}
