using CsCheck;
using Slice.Tests.Support;
using Xunit;

namespace Slice.Tests;

/// <summary>
/// Line and byte mode against a model of Python list slicing, over random inputs (0-12 records,
/// with and without a final newline, CR, NUL, invalid and truncated UTF-8) and random ranges
/// (negative indices and steps, '+' and '-0' spellings, the extended end syntax). Every case runs
/// on a seekable file and on the same bytes read like a pipe, so both engine families are checked.
/// </summary>
[Trait("tier", "fast")]
public sealed class PythonSliceProperties
{
    private static readonly byte[][] Pieces =
    [
        "a"u8.ToArray(), "line"u8.ToArray(), "\r"u8.ToArray(), [0xFF], [0xC3, 0xA9], [0xE2, 0x82], [0], " x y "u8.ToArray(),
    ];

    private static readonly Gen<byte[]> Content =
        Gen.Int[0, Pieces.Length - 1].Array[0, 3].Select(ix => ix.SelectMany(i => Pieces[i]).ToArray());

    private static readonly Gen<(byte[][] Records, bool Terminated)> Input =
        Gen.Select(Content.Array[0, 12], Gen.Bool);

    private static readonly Gen<long?> Index = Gen.Int[-16, 16].Select(i => i == 16 ? (long?)null : i);

    private static readonly Gen<RangeCase> Range = Gen.Int[0, 9].SelectMany(kind => kind < 7
        ? Gen.Select(Index, Index, Gen.Int[-4, 4], Gen.Bool).Select(t =>
            RangeCase.Plain(t.Item1, t.Item2, t.Item3 == 0 ? null : t.Item3, t.Item4))
        : Gen.Select(Gen.Int[-12, 12], Gen.Bool, Gen.Int[0, 12], Gen.Int[0, 3]).Select(t =>
            RangeCase.Extended(t.Item1 == 12 ? null : t.Item1, t.Item2, t.Item3, t.Item4 == 0 ? null : t.Item4)));

    [Fact]
    public void LineModeMatchesPythonSlicingOnFilesAndPipes()
    {
        Gen.Select(Input, Range).Sample(
            t =>
            {
                (byte[][] records, bool terminated) = t.Item1;
                if (!terminated && records.Length > 0 && records[^1].Length == 0)
                {
                    // An empty unterminated last record is no record at all.
                    records = records[..^1];
                    terminated = true;
                }

                RangeCase range = t.Item2;
                byte[] input = SliceModel.Join(records, terminated);
                byte[] expected = SliceModel.Lines(records, terminated, range);
                Check(input, expected, range.Text);
            },
            iter: 3000);
    }

    [Fact]
    public void ByteModeMatchesPythonSlicingOnFilesAndPipes()
    {
        Gen.Select(Gen.Byte.Array[0, 24], Range).Sample(
            t =>
            {
                byte[] expected = SliceModel.Bytes(t.Item1, t.Item2);
                Check(t.Item1, expected, "-b", t.Item2.Text);
            },
            iter: 3000);
    }

    private static void Check(byte[] input, byte[] expected, params string[] args)
    {
        string path = Path.Combine(Path.GetTempPath(), $"slice-prop-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, input);
        try
        {
            foreach (bool asPipe in new[] { false, true })
            {
                (SliceExitCode code, byte[] stdout, string stderr) = InProcess.Run(path, asPipe, args);
                string label = $"{string.Join(' ', args)} on {Convert.ToHexString(input)} ({(asPipe ? "pipe" : "file")})";
                Assert.True(code == SliceExitCode.Success, $"{label}: exit {code}, {stderr}");
                Assert.True(expected.AsSpan().SequenceEqual(stdout), $"{label}: expected {Convert.ToHexString(expected)} got {Convert.ToHexString(stdout)}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
