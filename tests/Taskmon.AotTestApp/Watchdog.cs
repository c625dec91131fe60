namespace Taskmon.AotTestApp;

/// <summary>A plain thread (not the pool, which a hang could starve) that ends the process when time is up.</summary>
internal static class Watchdog
{
    public const int TimedOutExitCode = 3;

    public static void Start(TimeSpan limit)
    {
        var thread = new Thread(() =>
        {
            Thread.Sleep(limit);
            Console.WriteLine($"FAIL watchdog: still running after {limit.TotalSeconds:0} s");
            Console.Out.Flush();
            Environment.Exit(TimedOutExitCode);
        })
        {
            IsBackground = true,
            Name = "aot-test-watchdog",
        };
        thread.Start();
    }
}
