using Slice.Tests.Support;
using Xunit;

namespace Slice.Tests;

/// <summary>--explain, --translate, --generate, --help and --version: output without reading input.</summary>
[Trait("tier", "system")]
public sealed class ActionOptionCliTests
{
    [Fact]
    public void ExplainDescribesABoundedRangeAndIgnoresFiles()
    {
        SliceResult result = SliceProcess.Run(null, "--explain", "10:20", "no-such-file");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "start: 10\nend:   20 (exclusive)\nstep:  1\n0-based: lines at indices [10, 20)\n1-based: from the 11th line to the 20th line\ncount: 10\n",
            result.Text);
    }

    [Theory]
    [InlineData(new[] { "--explain", "-5:" }, "start: 5 from the end\nend:   end of input\nstep:  1\n0-based: lines at indices [length-5, end of input), clamped to the input length\n1-based: from the 5th line from the end to the last line\ncount: at most 5\n")]
    [InlineData(new[] { "--explain", "::-1" }, "start: last line\nend:   start of input\nstep:  -1 (reverse)\n0-based: lines at indices [0, length) in reverse order\n1-based: from the last line to the first line\ncount: until end of input (reverse)\n")]
    [InlineData(new[] { "--explain", "-b", "2::3" }, "start: 2\nend:   end of input\nstep:  3\n0-based: bytes at indices [2, end of input), every 3 starting at 2\n1-based: every 3rd byte from the 3rd byte to the last byte\ncount: until end of input (step 3)\n")]
    [InlineData(new[] { "--explain", "--chars", "1:-2" }, "start: 1\nend:   2 from the end (exclusive)\nstep:  1\n0-based: characters at indices [1, length-2), clamped to the input length\n1-based: from the 2nd character to the 3rd character from the end\ncount: depends on the input length\n")]
    [InlineData(new[] { "--explain", "--delimiter", "", "5:3" }, "start: 5\nend:   3 (exclusive)\nstep:  1\n0-based: bytes at indices [5, 3)\n1-based: empty (start 6 is at or past end 3)\ncount: 0\n")]
    [InlineData(new[] { "--translate=posix", "1:5" }, "# posix\nsed -n '2,5p'\n")]
    [InlineData(new[] { "--translate", "-100:" }, "# gnu\ntail -n 100\n")]
    [InlineData(new[] { "--translate=gnu", "::2" }, "# gnu\nsed -n '1~2p'\n")]
    [InlineData(new[] { "--translate=posix", "-z", "-1:" }, "# no equivalent: no standard tool selects records by a custom delimiter\n")]
    [InlineData(new[] { "--translate=bsd", "::-1" }, "# bsd\ntail -r\n")]
    [InlineData(new[] { "--translate=all", ":" }, "# posix\ncat\n# bsd\ncat\n# gnu\ncat\n# awk\ncat\n")]
    [InlineData(new[] { "--translate=all", "::-1" }, "# posix  (no equivalent)\n# bsd\ntail -r\n# gnu\ntac\n# awk  (no equivalent)\n")]
    [InlineData(new[] { "--translate=bsd", "-b", ":10" }, "# bsd  (head -c is not in POSIX; present on BSD and GNU)\nhead -c 10\n")]
    public void ExplainAndTranslatePrintWithoutReadingInput(string[] args, string expected)
    {
        SliceResult result = SliceProcess.Shell($"\"$SLICE\" {string.Join(' ', args.Select(a => $"'{a}'"))} < /dev/zero");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Text);
    }

    [Fact]
    public void ExplainAndTranslateTogetherAreAUsageError()
    {
        SliceResult result = SliceProcess.Run(null, "--explain", "--translate=posix", "1:5");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: the argument '--explain' cannot be used with '--translate[=<DIALECT>]'\n\nUsage: slice --explain <RANGE> [FILES]...\n\nFor more information, try '--help'.\n",
            result.Stderr);
    }

    [Fact]
    public void AnUnknownDialectIsAUsageError()
    {
        SliceResult result = SliceProcess.Run(null, "--translate=swahili", ":5");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: invalid value 'swahili' for '--translate[=<DIALECT>]'\n  [possible values: posix, bsd, gnu, awk, all]", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("complete-bash", "complete -F _slice")]
    [InlineData("complete-zsh", "#compdef slice")]
    [InlineData("complete-fish", "complete -c slice -l max-record-size -r")]
    [InlineData("complete-powershell", "Register-ArgumentCompleter -Native -CommandName 'slice'")]
    [InlineData("man", ".TH slice 1")]
    public void GenerateWritesCompletionsAndTheManPageFromTheOptionTable(string kind, string marker)
    {
        SliceResult result = SliceProcess.Run(null, "--generate", kind);
        Assert.Equal(0, result.ExitCode);
        string text = result.Text.Replace("\\-", "-", StringComparison.Ordinal);
        Assert.Contains(marker, text, StringComparison.Ordinal);
        Assert.Contains("io-buffer-size", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateCannotBeCombinedWithOtherArguments()
    {
        SliceResult result = SliceProcess.Run(null, "--generate", "complete-bash", "1:2");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: the argument '--generate <KIND>' cannot be used with one or more of the other specified arguments", result.Stderr, StringComparison.Ordinal);
        SliceResult bad = SliceProcess.Run(null, "--generate", "complete-power-shell");
        Assert.Equal(2, bad.ExitCode);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void HelpGoesToStdout(string flag)
    {
        SliceResult result = SliceProcess.Run(null, flag);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: slice [OPTIONS] <RANGE> [FILES]...", result.Text, StringComparison.Ordinal);
        Assert.Contains("--max-record-size <SIZE|unlimited>", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    public void VersionGoesToStdout(string flag)
    {
        SliceResult result = SliceProcess.Run(null, flag);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^slice \d+\.\d+\.\d+\n$", result.Text);
    }
}
