using Slice.IO;

namespace Slice.Tests.Support;

/// <summary>Runs <see cref="SliceCommand"/> in-process on a file, as a seekable file or read like a pipe.</summary>
public static class InProcess
{
    internal static (SliceExitCode Code, byte[] Stdout, string Stderr) Run(string path, bool asPipe, params string[] args)
    {
        MemoryStream stdout = new();
        StringWriter stderr = new();
        Output output = new(stdout, 4096);
        SliceCommand command = new(output, stderr, () => asPipe ? Source.OpenSequential(path) : Source.Open(path));
        SliceExitCode code = command.Run(args);
        return (code, stdout.ToArray(), stderr.ToString());
    }
}
