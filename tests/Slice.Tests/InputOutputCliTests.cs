using Slice.Tests.Support;
using Xunit;

namespace Slice.Tests;

/// <summary>Files, stdin, headers, errors and exit codes through the real binary.</summary>
[Trait("tier", "system")]
public sealed class InputOutputCliTests
{
    [Fact]
    public void TwoOrMoreFilesGetHeadersEvenWhenTheirSelectionIsEmpty()
    {
        using TempDir dir = new();
        dir.File("a.txt", "a0\na1\n");
        dir.File("b.txt", "b0\n");
        SliceResult result = SliceProcess.RunIn(dir.Path, "1:2", "a.txt", "b.txt");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("==> a.txt <==\na1\n==> b.txt <==\n", result.Text);
        SliceResult empty = SliceProcess.RunIn(dir.Path, "5:3", "a.txt", "b.txt");
        Assert.Equal("==> a.txt <==\n==> b.txt <==\n", empty.Text);
    }

    [Fact]
    public void QuietSuppressesHeadersAndASingleFileHasNone()
    {
        using TempDir dir = new();
        dir.File("a.txt", "a0\n");
        dir.File("b.txt", "b0\n");
        Assert.Equal("a0\nb0\n", SliceProcess.RunIn(dir.Path, "-q", ":", "a.txt", "b.txt").Text);
        Assert.Equal("a0\n", SliceProcess.RunIn(dir.Path, ":", "a.txt").Text);
    }

    [Fact]
    public void AMissingFileIsReportedWithoutHeaderAndTheOthersStillRun()
    {
        using TempDir dir = new();
        dir.File("a.txt", "line0\nline1\n");
        dir.File("c.txt", "c0\n");
        SliceResult result = SliceProcess.RunIn(dir.Path, "0:1", "a.txt", "missing.txt", "c.txt");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("==> a.txt <==\nline0\n==> c.txt <==\nc0\n", result.Text);
        Assert.Equal("slice: missing.txt: No such file or directory (os error 2)\n", result.Stderr);
    }

    [Fact]
    public void ADirectoryPrintsItsHeaderThenAnError()
    {
        using TempDir dir = new();
        Directory.CreateDirectory(Path.Combine(dir.Path, "sub"));
        dir.File("a.txt", "a0\n");
        SliceResult result = SliceProcess.RunIn(dir.Path, "0:1", "sub", "a.txt");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("==> sub <==\n==> a.txt <==\na0\n", result.Text);
        Assert.Equal("slice: sub: Is a directory (os error 21)\n", result.Stderr);
    }

    [Fact]
    public void DashMeansStdin()
    {
        using TempDir dir = new();
        dir.File("a.txt", "a0\n");
        SliceResult result = SliceProcess.Shell("printf 's0\\ns1\\n' | \"$SLICE\" 0:1 - a.txt", dir.Path);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("==> - <==\ns0\n==> a.txt <==\na0\n", result.Text);
    }

    [Fact]
    public void AWriteErrorIsReportedWithExitCode1()
    {
        using TempDir dir = new();
        string file = dir.File("a.txt", "a0\n");
        SliceResult result = SliceProcess.Shell($"\"$SLICE\" : '{file}' > /dev/full");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No space left on device (os error 28)", result.Stderr, StringComparison.Ordinal);
        SliceResult fromStdin = SliceProcess.Shell("printf 'x\\n' | \"$SLICE\" : > /dev/full");
        Assert.Equal(1, fromStdin.ExitCode);
        Assert.Equal("slice: No space left on device (os error 28)\n", fromStdin.Stderr);
    }

    [Fact]
    public void ABrokenPipeIsAQuietSuccess()
    {
        using TempDir dir = new();
        string file = dir.File("big.txt", string.Concat(Enumerable.Repeat("0123456789abcdef\n", 200_000)));
        foreach (string range in new[] { ":", "::2", "::-1", "-150000:" })
        {
            SliceResult result = SliceProcess.Shell($"set -o pipefail; \"$SLICE\" '{range}' '{file}' | head -c 10 > /dev/null");
            Assert.True(result.ExitCode == 0, $"{range}: exit {result.ExitCode} {result.Stderr}");
            Assert.Equal(string.Empty, result.Stderr);
        }
    }

    [Fact]
    public void TheRestOfAPipeGoesOutWholeToAPipeAFileAnAppendedFileAndDevNull()
    {
        // After the skip the rest is spliced where splice applies and copied where it does not (O_APPEND).
        using TempDir dir = new();
        SliceResult result = SliceProcess.Shell(
            "seq 1 300000 | \"$SLICE\" 5: | md5sum; seq 6 300000 | md5sum; "
            + "seq 1 300000 | \"$SLICE\" 5: > out && cmp out <(seq 6 300000) && echo file-ok; "
            + "echo head > app; seq 1 300000 | \"$SLICE\" 5: >> app && cmp app <(echo head; seq 6 300000) && echo append-ok; "
            + "seq 1 300000 | \"$SLICE\" 5: > /dev/null && echo null-ok",
            dir.Path);
        string[] lines = result.Text.Split('\n');
        Assert.Equal(lines[1], lines[0]);
        Assert.Equal(["file-ok", "append-ok", "null-ok", string.Empty], lines[2..]);
    }

    [Theory]
    [InlineData("5:3")]
    [InlineData(":0")]
    [InlineData("0:3")]
    [InlineData("2:10:3")]
    [InlineData("-3:2")]
    public void EmptyAndBoundedRangesStopReadingAnEndlessInput(string range)
    {
        SliceResult result = SliceProcess.Shell($"timeout 20 bash -c 'yes | \"$SLICE\" \"{range}\"'; echo \"rc=$?\"");
        Assert.EndsWith("rc=0\n", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ARecordOverMaxRecordSizeFailsRetainingRanges()
    {
        const string message = "slice: record exceeds --max-record-size=3 bytes in line/delimiter/grapheme mode; use --max-record-size=unlimited to allow larger records\n";
        foreach (string[] args in new[] { new[] { "--max-record-size", "3", "-1:" }, ["--max-record-size", "3", "::-1"], ["--max-record-size", "3", ":-1"] })
        {
            SliceResult result = SliceProcess.Run("toolong\nab\n"u8.ToArray(), args);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(message, result.Stderr);
        }

        SliceResult delimited = SliceProcess.Run("abcd||"u8.ToArray(), "--max-record-size", "3", "--delimiter", "||", "-1:");
        Assert.Equal(1, delimited.ExitCode);
    }

    [Fact]
    public void MaxRecordSizeDoesNotLimitForwardRangesOrByteModes()
    {
        Assert.Equal("abcd\n", SliceProcess.Run("abcd\n"u8.ToArray(), "--max-record-size", "1", "0:1").Text);
        Assert.Equal("cd", SliceProcess.Run("abcd"u8.ToArray(), "--max-record-size", "1", "-b", "-2:").Text);
        Assert.Equal("toolong\nab\n", SliceProcess.Run("toolong\nab\n"u8.ToArray(), "--max-record-size", "unlimited", "-2:").Text);
        Assert.Equal("toolong\nab\n", SliceProcess.Run("toolong\nab\n"u8.ToArray(), "--max-record-size", "8", "-2:").Text);
    }

    [Theory]
    [InlineData("--max-record-size", "0", "error: invalid value '0' for '--max-record-size <SIZE|unlimited>': 0 is not allowed")]
    [InlineData("--io-buffer-size", "0", "error: invalid value '0' for '--io-buffer-size <IO_BUFFER_SIZE>': 0 is not allowed")]
    [InlineData("--io-buffer-size", "abc", "error: invalid value 'abc' for '--io-buffer-size <IO_BUFFER_SIZE>': couldn't parse \"abc\" into a ByteSize, cannot parse float from empty string")]
    public void BadSizesAreUsageErrors(string option, string value, string message)
    {
        SliceResult result = SliceProcess.Run(null, option, value, "::");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{message}\n\nFor more information, try '--help'.\n", result.Stderr);
    }

    [Fact]
    public void TinyIoBuffersGiveTheSameBytes()
    {
        byte[] input = "alpha\nbeta||gamma\ndelta\n"u8.ToArray();
        foreach (string[] args in new[] { new[] { "1:3" }, ["--delimiter", "||", "0:1"], ["-2:"], ["::-1"], ["--chars", "3:9"] })
        {
            SliceResult normal = SliceProcess.Run(input, args);
            SliceResult tiny = SliceProcess.Run(input, ["--io-buffer-size", "1b", .. args]);
            Assert.Equal(0, tiny.ExitCode);
            Assert.Equal(normal.Stdout, tiny.Stdout);
            Assert.NotEmpty(tiny.Stdout);
        }
    }
}
