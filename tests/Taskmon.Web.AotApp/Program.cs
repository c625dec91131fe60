// Starts a monitor, the web UI on a free loopback port and one known task, prints the dashboard
// address on the first line, then runs until its standard input closes.
using Taskmon;
using Taskmon.Hosting;
using Taskmon.Web;
using Taskmon.Web.AotApp;

using var monitor = TaskMonitor.Start(new TaskmonOptions { CreationStacks = CreationStackMode.Always });
await using var web = TaskmonWebServer.Start(monitor, new TaskmonWebOptions { Port = 0 });
var sleeper = monitor.Run("aot-sleeper", Workload.SleepAsync);
Console.WriteLine(web.Address);
Console.Out.Flush();
await Console.In.ReadToEndAsync();
try
{
    await sleeper.WaitAsync(TimeSpan.FromMilliseconds(100));
}
catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
{
    // cancelled by the suite, or still running: either is fine at exit
}
