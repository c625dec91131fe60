using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Taskmon.Benchmarks;

/// <summary>The async methods being measured.</summary>
internal static class Work
{
    /// <summary>The trivial task: one real suspension (Task.Yield), so the runtime reports it as an async operation.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task TrivialAsync() => await Task.Yield();

    /// <summary>A stand-in request handler: three nested async methods, four suspensions, ~50 µs of CPU in between.</summary>
    public static async Task HandleRequestAsync()
    {
        await ParseAsync();
        await QueryAsync();
        await RenderAsync();
    }

    /// <summary>Async methods per <see cref="RequestAsync"/>: itself and four nested steps.</summary>
    public const int MethodsPerRequest = 5;

    /// <summary>A request of four nested async methods and four suspensions, <paramref name="cpuMicros"/> of CPU in all.</summary>
    public static async Task RequestAsync(int cpuMicros)
    {
        await StepAsync(cpuMicros / 4, 3);
    }

    private static async Task StepAsync(int cpuMicros, int below)
    {
        Busy(cpuMicros);
        await Task.Yield();
        if (below > 0)
        {
            await StepAsync(cpuMicros, below - 1);
        }
    }

    /// <summary>Awaits a task source that nobody completes; dropping it makes the method lost.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task AwaitForeverAsync(Task never) => await never;

    private static async Task ParseAsync()
    {
        Busy(10);
        await Task.Yield();
    }

    private static async Task QueryAsync()
    {
        await Task.Yield();
        Busy(20);
        await Task.Yield();
    }

    private static async Task RenderAsync()
    {
        Busy(20);
        await Task.Yield();
    }

    private static void Busy(int microseconds)
    {
        var until = Stopwatch.GetTimestamp() + (microseconds * Stopwatch.Frequency / 1_000_000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }
}
