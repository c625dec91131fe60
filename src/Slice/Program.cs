using Slice.IO;

namespace Slice;

internal static class Program
{
    private static int Main(string[] args)
    {
        Output stdout = new(1, 128 * 1024);
        using FdTextWriter stderr = new(2);
        SliceCommand command = new(stdout, stderr, Source.Stdin);
        return (int)command.Run(args);
    }
}
