namespace Slice;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("slice: not implemented yet");
        return args.Length == 0 ? 2 : 1;
    }
}
