using System.Text;

namespace Slice.Tests.Support;

/// <summary>What one run of the real binary produced.</summary>
public sealed record SliceResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string Text => Encoding.UTF8.GetString(Stdout);
}
