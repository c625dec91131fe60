namespace Slice.IO;

/// <summary>Where selected bytes go: stdout, or a buffer that retains records.</summary>
internal interface ISink
{
    void Write(ReadOnlySpan<byte> data);
}
