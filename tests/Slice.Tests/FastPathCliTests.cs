using CsCheck;
using Slice.Tests.Support;
using Xunit;

namespace Slice.Tests;

/// <summary>
/// The engines chosen by input kind must agree: a file argument (sendfile, backward scans), stdin
/// redirected from the file (seekable stdin) and stdin from a pipe (streaming, rings, spill) give the
/// same bytes, on inputs large enough to cross buffer and block boundaries.
/// </summary>
[Trait("tier", "system")]
public sealed class FastPathCliTests
{
    private static readonly string[][] Cases =
    [
        [":"], ["0:10"], ["1000:1100"], ["-100:"], ["-100:-50"], ["-100:39950"], ["-100:30000"], [":-100"], ["500:-100:7"], ["::2"],
        ["::-1"], ["-30::-3"], ["100:20:-1"], ["-b", "-1000:"], ["-b", "::-7"], ["-b", "100:-100:3"], ["--chars", "-300:"],
        ["--chars", "::-1"], ["--chars", "5:-5"], ["--graphemes", "-50:"], ["--graphemes", "-50:-10"], ["--graphemes", "100:-100:3"], ["--graphemes", "::-5"], ["-z", "::-1"],
        ["--delimiter", "ab", "-20:"], ["--delimiter", "ab", "::-3"], ["--delimiter", "ab", ":-5"],
    ];

    [Fact]
    public void FileRedirectedStdinAndPipeGiveTheSameBytes()
    {
        using TempDir dir = new();
        byte[] input = BuildInput(40_000);
        string file = dir.File("input", input);
        foreach (string[] args in Cases)
        {
            SliceResult fromFile = SliceProcess.Run(null, [.. args, file]);
            SliceResult redirected = SliceProcess.RunWithStdinFile(file, args);
            SliceResult piped = SliceProcess.Run(input, args);
            string label = string.Join(' ', args);
            Assert.True(fromFile.ExitCode == 0, $"{label}: {fromFile.Stderr}");
            Assert.True(fromFile.Stdout.Length > 0 || args[^1] == "-100:30000", label);
            Assert.True(fromFile.Stdout.AsSpan().SequenceEqual(redirected.Stdout), $"{label}: redirected stdin differs");
            Assert.True(fromFile.Stdout.AsSpan().SequenceEqual(piped.Stdout), $"{label}: pipe differs");
        }
    }

    [Fact]
    public void TheBinaryMatchesPythonSlicingOnRandomInputs()
    {
        Gen<string> part = Gen.Int[-9, 9].Select(i => i == 9 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Gen<string> step = Gen.Int[-3, 3].Select(i => i == 0 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Gen.Select(Gen.Int[0, 7].Array[0, 12], Gen.Bool, part, part, step).Sample(
            t =>
            {
                byte[][] records = [.. t.Item1.Select(n => System.Text.Encoding.UTF8.GetBytes(new string('x', n) + (n % 3 == 0 ? "\r" : string.Empty)))];
                bool terminated = t.Item2 || (records.Length > 0 && records[^1].Length == 0);
                string text = $"{t.Item3}:{t.Item4}:{t.Item5}";
                RangeCase range = new(text, Parse(t.Item3), Parse(t.Item4), Parse(t.Item5) ?? 1);
                byte[] input = SliceModel.Join(records, terminated);
                byte[] expected = SliceModel.Lines(records, terminated, range);
                SliceResult piped = SliceProcess.Run(input, text);
                Assert.True(expected.AsSpan().SequenceEqual(piped.Stdout), $"{text} on {Convert.ToHexString(input)}: got {Convert.ToHexString(piped.Stdout)}");
            },
            iter: 60,
            threads: 2);
    }

    private static long? Parse(string text) => text.Length == 0 ? null : long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] BuildInput(int lines)
    {
        Random random = new(42);
        MemoryStream output = new();
        string[] words = ["alpha", "é", "あい", "ab", "b\r", "\u0301", "🙂", "x"];
        for (int i = 0; i < lines; i++)
        {
            int count = random.Next(0, 12);
            for (int j = 0; j < count; j++)
            {
                output.Write(System.Text.Encoding.UTF8.GetBytes(words[random.Next(words.Length)]));
            }

            if (i % 997 == 0)
            {
                output.WriteByte(0xFF);
                output.WriteByte(0);
            }

            output.WriteByte((byte)'\n');
        }

        output.Write("tail without newline"u8);
        return output.ToArray();
    }
}
