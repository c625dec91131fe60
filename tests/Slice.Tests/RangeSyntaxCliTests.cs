using System.Text;
using Slice.Tests.Support;
using Xunit;

namespace Slice.Tests;

/// <summary>The RANGE grammar through the real binary: values, defaults, extended syntax, errors.</summary>
[Trait("tier", "system")]
public sealed class RangeSyntaxCliTests
{
    private const string TenLines = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";

    [Theory]
    [InlineData("2:4", "c\nd\n")]
    [InlineData(":2", "a\nb\n")]
    [InlineData("8:", "i\nj\n")]
    [InlineData(":", TenLines)]
    [InlineData("::", TenLines)]
    [InlineData("::3", "a\nd\ng\nj\n")]
    [InlineData("1:8:3", "b\ne\nh\n")]
    [InlineData("+2:4", "c\nd\n")]
    [InlineData("-0:2", "a\nb\n")]
    [InlineData("-3:", "h\ni\nj\n")]
    [InlineData("-3:-1", "h\ni\n")]
    [InlineData(":-8", "a\nb\n")]
    [InlineData("-100:2", "a\nb\n")]
    [InlineData("5:3", "")]
    [InlineData(":0", "")]
    [InlineData("20:", "")]
    [InlineData("::-1", "j\ni\nh\ng\nf\ne\nd\nc\nb\na\n")]
    [InlineData("::-4", "j\nf\nb\n")]
    [InlineData("3::-1", "d\nc\nb\na\n")]
    [InlineData(":6:-2", "j\nh\n")]
    [InlineData("-2:-5:-1", "i\nh\ng\n")]
    [InlineData("2:+3", "c\nd\ne\n")]
    [InlineData("5:+-2", "d\ne\nf\ng\n")]
    [InlineData("1:+-5", "a\nb\nc\nd\ne\nf\n")]
    [InlineData("-5:+2", "f\ng\n")]
    [InlineData("-3:+5", "h\ni\nj\n")]
    [InlineData("-5:+-2", "d\ne\nf\ng\n")]
    public void SelectsWhatPythonSlicingSelects(string range, string expected)
    {
        SliceResult result = SliceProcess.Run(Encoding.UTF8.GetBytes(TenLines), range);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Text);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Theory]
    [InlineData("3", "invalid value '3' for '<RANGE>': range requires a ':' separator (e.g. '3:4', '3:', or ':3')")]
    [InlineData("abc", "invalid value 'abc' for '<RANGE>': invalid start value 'abc': invalid digit found in string")]
    [InlineData("1:2:3:4", "invalid value '1:2:3:4' for '<RANGE>': too many ':' separators in range (expected at most start:end:step)")]
    [InlineData("a:1", "invalid value 'a:1' for '<RANGE>': invalid start value 'a': invalid digit found in string")]
    [InlineData("1:x", "invalid value '1:x' for '<RANGE>': invalid end value 'x': invalid digit found in string")]
    [InlineData("::0", "invalid value '::0' for '<RANGE>': invalid step value '0': number would be zero for non-zero type")]
    [InlineData("::-0", "invalid value '::-0' for '<RANGE>': invalid step value '-0': number would be zero for non-zero type")]
    [InlineData("::-", "invalid value '::-' for '<RANGE>': invalid step value '-': invalid digit found in string")]
    [InlineData("--1:", "invalid value '--1:' for '<RANGE>': invalid start value '--1': invalid digit found in string")]
    [InlineData("99999999999999999999:", "invalid value '99999999999999999999:' for '<RANGE>': invalid start value '99999999999999999999': number too large to fit in target type")]
    [InlineData("5:+", "invalid value '5:+' for '<RANGE>': a relative end ('+' or '+-') requires a count (e.g. '5:+3' or '5:+-3')")]
    [InlineData("5:+-", "invalid value '5:+-' for '<RANGE>': a relative end ('+' or '+-') requires a count (e.g. '5:+3' or '5:+-3')")]
    [InlineData("5:+3:-1", "invalid value '5:+3:-1' for '<RANGE>': a negative step cannot be combined with a relative end ('+' or '+-')")]
    [InlineData("--bogus", "invalid value '--bogus' for '<RANGE>': invalid start value '--bogus': invalid digit found in string")]
    public void BadRangesAreUsageErrorsNamingTheValue(string range, string message)
    {
        SliceResult result = SliceProcess.Run("x\n"u8.ToArray(), range);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {message}\n\nFor more information, try '--help'.\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void OptionsMayComeBeforeOrAfterARangeThatStartsWithAMinus()
    {
        using TempDir dir = new();
        string file = dir.File("f", "a\nb\nc\n");
        foreach (string[] args in new[] { new[] { "-l", "-2:", file }, ["-2:", "-l", file], ["-2:", file, "-l"], ["--", "-2:", file] })
        {
            SliceResult result = SliceProcess.Run(null, args);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("b\nc\n", result.Text);
        }
    }

    [Fact]
    public void NoArgumentsPrintsHelpOnStderrWithExitCode2()
    {
        SliceResult result = SliceProcess.Run(null);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("slice is a command-line tool", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage: slice [OPTIONS] <RANGE> [FILES]...", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void AMissingRangeIsAUsageError()
    {
        SliceResult result = SliceProcess.Run(null, "-l");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: the following required arguments were not provided:\n  <RANGE>\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOptionAfterTheRangeIsAUsageError()
    {
        SliceResult result = SliceProcess.Run(null, "1:2", "--bogus");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: unexpected argument '--bogus' found", result.Stderr, StringComparison.Ordinal);
    }
}
