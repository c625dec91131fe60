using System.Globalization;
using Slice.Tests.Support;
using Xunit;

namespace Slice.Tests;

/// <summary>
/// Records far larger than any buffer, through real pipes and real files: the bytes come out whole with
/// bounded peak RSS (GNU time's maximum resident set), or the run ends with the one-line limit error.
/// Inputs are streamed from /dev/zero; the one file written is deleted with its directory.
/// </summary>
[Trait("tier", "slow")]
public sealed class HugeInputCliTests
{
    private const long Record = 300_000_000;
    private const string LimitMessage = "record exceeds --max-record-size=3 bytes in line/delimiter/grapheme mode; use --max-record-size=unlimited to allow larger records";

    [Fact]
    public void A2200MBRecordThroughAPipeComesOutWholeFromAnUnlinkedSpill()
    {
        using TempDir dir = new();
        OutputDigest output = RunQuietly(dir, "head -c 2200000000 /dev/zero", $"TMPDIR='{dir.Path}' SLICE_HOLD_BUDGET={64 << 20}", "-- -1:");
        Assert.Equal(2_200_000_000, output.Length);
        Assert.Equal(0, output.NonZero);
        Assert.InRange(PeakRss(dir), 0, 256L << 20); // past the 64 MiB budget it was held on disk
        Assert.Equal(["rss"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A2200MBRecordOverMaxRecordSizeEndsWithOneLineAndExit1()
    {
        SliceResult result = SliceProcess.Shell("head -c 2200000000 /dev/zero 2>/dev/null | \"$SLICE\" --max-record-size 100M -- -1:", new OutputDigest());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "slice: record exceeds --max-record-size=100000000 bytes in line/delimiter/grapheme mode; use --max-record-size=unlimited to allow larger records\n",
            result.Stderr);
    }

    /// <summary>Input: <c>first\n</c>, 300 MB of zeros, <c>\nlast\n</c>; every case selects the zeros and their newline.</summary>
    [Theory]
    [InlineData("-- -2:-1")] // line tail on a pipe (chunk runner)
    [InlineData("1:-1")] // line lag on a pipe (chunk runner)
    [InlineData("--max-record-size=1G -- -2:-1")] // record queue tail
    [InlineData("--max-record-size=1G 1:-1")] // record queue lag
    [InlineData("-b -- -300000006:-5")] // byte tail
    public void A300MBRecordThroughAPipeIsHeldOnce(string args)
    {
        using TempDir dir = new();
        OutputDigest output = RunQuietly(dir, $"{{ printf 'first\\n'; head -c {Record} /dev/zero; printf '\\nlast\\n'; }}", string.Empty, args);
        Assert.Equal(Record + 1, output.Length);
        Assert.Equal(1, output.NonZero);
        Assert.Equal((byte)'\n', output.Tail[^1]);
        Assert.InRange(PeakRss(dir), Record / 2, Record * 13 / 10);
    }

    [Theory]
    [InlineData("--graphemes", "e\u0301")]
    [InlineData("--chars", "\u0301")]
    public void ATailOfA300MBLineOnAFileSegmentsOnlyItsEnd(string mode, string expected)
    {
        using TempDir dir = new();
        SliceResult result = SliceProcess.Shell(
            $"cd '{dir.Path}' && {{ head -c {Record} /dev/zero; printf 'e\\xcc\\x81'; }} > line && /usr/bin/time -f %M -o rss \"$SLICE\" {mode} -- -1: line");
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(expected, result.Text);
        Assert.InRange(PeakRss(dir), 1, 200_000_000);
    }

    [Fact]
    public void MaxRecordSizeLimitsTheRecordsATailOrReversePassesOnAFile()
    {
        using TempDir dir = new();
        string file = dir.File("f.txt", "toolong\nab\n");
        foreach (string range in new[] { "-2:", "::-1", "-2:-1" })
        {
            SliceResult failed = SliceProcess.Run(null, "--max-record-size", "3", range, file);
            Assert.Equal(1, failed.ExitCode);
            Assert.Equal($"slice: {file}: {LimitMessage}\n", failed.Stderr);
        }

        Assert.Equal("ab\n", SliceProcess.Run(null, "--max-record-size", "3", "-1:", file).Text);
        Assert.Equal("toolong\nab\n", SliceProcess.Run(null, "--max-record-size", "8", "-2:", file).Text);
        Assert.Equal("toolong\n", SliceProcess.Run(null, "--max-record-size", "3", "0:1", file).Text);
    }

    /// <summary>
    /// Runs <c>INPUT | ENV slice ARGS</c> under GNU time (peak RSS to dir/rss), checks that it succeeded
    /// without a word on stderr, and returns what it printed.
    /// </summary>
    private static OutputDigest RunQuietly(TempDir dir, string input, string environment, string args)
    {
        OutputDigest output = new();
        SliceResult result = SliceProcess.Shell($"{input} | {environment} /usr/bin/time -f %M -o '{dir.Path}/rss' \"$SLICE\" {args}", output);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(0, result.ExitCode);
        return output;
    }

    /// <summary>Peak resident set of the run, in bytes, from GNU time's <c>%M</c> (KiB) written to dir/rss.</summary>
    private static long PeakRss(TempDir dir) =>
        long.Parse(File.ReadAllLines(Path.Combine(dir.Path, "rss"))[^1], CultureInfo.InvariantCulture) * 1024;
}
