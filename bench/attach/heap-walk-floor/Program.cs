using System.Diagnostics;
using System.Globalization;
using Microsoft.Diagnostics.Runtime;

// heap-walk-floor PID DAC_PATH: suspends the process the way taskmon --pid does, enumerates every heap object with
// ClrMD (each object's type, nothing else) and prints "objects pausedMs walkMs": the part of taskmon's pause that
// no change in taskmon can remove, since it walks the heap through the same library.
if (args is not [var pidText, var dac])
{
    Console.Error.WriteLine("usage: heap-walk-floor PID DAC_PATH");
    return 2;
}
var paused = Stopwatch.StartNew();
long objects = 0;
TimeSpan walk;
using (var target = DataTarget.AttachToProcess(int.Parse(pidText, CultureInfo.InvariantCulture), suspend: true))
{
    using var runtime = target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true);
    var started = Stopwatch.GetTimestamp();
    foreach (var obj in runtime.Heap.EnumerateObjects())
    {
        if (obj.Type is not null)
        {
            objects++;
        }
    }
    walk = Stopwatch.GetElapsedTime(started);
}
paused.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{objects} {paused.Elapsed.TotalMilliseconds:F0} {walk.TotalMilliseconds:F0}"));
return 0;
