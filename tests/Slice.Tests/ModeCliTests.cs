using System.Text;
using Slice.Tests.Support;
using Xunit;

namespace Slice.Tests;

/// <summary>Element modes and their options through the real binary.</summary>
[Trait("tier", "system")]
public sealed class ModeCliTests
{
    [Theory]
    [InlineData(new[] { "1:3" }, "a\r\nb\r\nc\r\n", "b\r\nc\r\n")]
    [InlineData(new[] { "-b", "1:3" }, "abcdef", "bc")]
    [InlineData(new[] { "--bytes", "-3:" }, "abcdef", "def")]
    [InlineData(new[] { "-c", "::2" }, "abcdef", "ace")]
    [InlineData(new[] { "-b", "::-1" }, "abc", "cba")]
    [InlineData(new[] { "--chars", "1:3" }, "aéあz", "éあ")]
    [InlineData(new[] { "--chars", "-2:" }, "aéあz", "あz")]
    [InlineData(new[] { "--chars", "::-1" }, "aéあ", "あéa")]
    [InlineData(new[] { "--graphemes", "1:2" }, "ae\u0301b", "e\u0301")]
    [InlineData(new[] { "--graphemes", "-2:" }, "ab\r\n", "b\r\n")]
    [InlineData(new[] { "--graphemes", "::-1" }, "ae\u0301\r\n", "\r\ne\u0301a")]
    [InlineData(new[] { "--delimiter", ",", "1:3" }, "a,b,c,d", "b,c,")]
    [InlineData(new[] { "--delimiter", ",", "::-1" }, "a,b,c", "c,b,a")]
    [InlineData(new[] { "--delimiter", "||", "0:9" }, "a|||b|", "a|||b|")]
    [InlineData(new[] { "--delimiter", "||", "1:" }, "a|||b|", "|b|")]
    [InlineData(new[] { "--delimiter", "aa", "-2:" }, "aaaaa", "aaa")]
    [InlineData(new[] { "--delimiter", "aa", "::-1" }, "aaaaa", "aaaaa")]
    [InlineData(new[] { "--delimiter", "", "1:3" }, "abcd", "bc")]
    [InlineData(new[] { "--delimiter", "\\t", "-e", "1:" }, "a\tb\tc", "b\tc")]
    [InlineData(new[] { "--delimiter", "\\x41", "--escape", "0:1" }, "xAyA", "xA")]
    [InlineData(new[] { "--delimiter", "\\t", "1:" }, "a\\tb\tc", "b\tc")]
    public void ModesSelectTheirElements(string[] args, string input, string expected)
    {
        SliceResult result = SliceProcess.Run(Encoding.UTF8.GetBytes(input), args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Text);
    }

    [Theory]
    [InlineData(new[] { "--chars", "::2" }, new byte[] { 0xFF, 0xE3, 0x81, 0x82, 0x80 }, new byte[] { 0xFF, 0x80 })]
    [InlineData(new[] { "--graphemes", "::2" }, new byte[] { (byte)'e', 0xFF, 0xCC, 0x81 }, new byte[] { (byte)'e', 0xCC, 0x81 })]
    [InlineData(new[] { "-z", "1:3" }, new byte[] { 1, 0, 2, 0, 3, 0, 4 }, new byte[] { 2, 0, 3, 0 })]
    [InlineData(new[] { "--null", "::-1" }, new byte[] { 1, 0, 2 }, new byte[] { 2, 0, 1 })]
    [InlineData(new[] { "::-1" }, new byte[] { 0xFF, 0x0A, 0x00, 0x0D, 0x0A, 0xC3 }, new byte[] { 0xC3, 0x0A, 0x00, 0x0D, 0x0A, 0xFF })]
    [InlineData(new[] { "1:" }, new byte[] { 0xFF, 0x0A, 0x00, 0x0D, 0x0A, 0xC3 }, new byte[] { 0x00, 0x0D, 0x0A, 0xC3 })]
    public void BinaryInputPassesThroughVerbatim(string[] args, byte[] input, byte[] expected)
    {
        SliceResult result = SliceProcess.Run(input, args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public void ReverseMovesAMissingFinalNewlineToTheEnd()
    {
        Assert.Equal("c\nb\na", SliceProcess.Run("a\nb\nc"u8.ToArray(), "::-1").Text);
        Assert.Equal("b\na\n", SliceProcess.Run("a\nb\nc"u8.ToArray(), "1::-1").Text);
        Assert.Equal("c\na", SliceProcess.Run("a\nb\nc"u8.ToArray(), "::-2").Text);
    }

    [Theory]
    [InlineData("-l", "-c", "the argument '-l' cannot be used with '--bytes'", "slice -l <RANGE> [FILES]...")]
    [InlineData("--chars", "-b", "the argument '--chars' cannot be used with '--bytes'", "slice --chars <RANGE> [FILES]...")]
    [InlineData("-z", "--graphemes", "the argument '--null' cannot be used with '--graphemes'", "slice --null <RANGE> [FILES]...")]
    public void TwoModesAreAUsageError(string first, string second, string message, string usage)
    {
        SliceResult result = SliceProcess.Run(null, first, second, "::");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {message}\n\nUsage: {usage}\n\nFor more information, try '--help'.\n", result.Stderr);
    }

    [Fact]
    public void DelimiterWithAnotherModeIsAUsageError()
    {
        SliceResult result = SliceProcess.Run(null, "-b", "--delimiter", ",", "::");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: the argument '--bytes' cannot be used with '--delimiter <DELIMITER>'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\q", "unknown escape sequence `\\q`")]
    [InlineData("a\\", "trailing backslash in delimiter")]
    [InlineData("\\x4", "`\\x` needs two hex digits")]
    [InlineData("\\xZZ", "invalid hex escape `\\xZZ`")]
    public void BadEscapesAreUsageErrors(string delimiter, string message)
    {
        SliceResult result = SliceProcess.Run(null, "--delimiter", delimiter, "-e", "0:1");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {message}\n\nUsage: slice [OPTIONS] <RANGE> [FILES]...\n\nFor more information, try '--help'.\n", result.Stderr);
    }

    [Fact]
    public void EscapeWithoutDelimiterIsAUsageError()
    {
        SliceResult result = SliceProcess.Run(null, "-e", "0:1");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: the following required arguments were not provided:\n  --delimiter <DELIMITER>\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ARepeatedOptionIsAUsageError()
    {
        SliceResult result = SliceProcess.Run(null, "-b", "-b", "::");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: the argument '--bytes' cannot be used multiple times", result.Stderr, StringComparison.Ordinal);
    }
}
