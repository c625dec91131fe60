using Taskmon;
using Taskmon.AotTestApp;
using Taskmon.Hosting;

// Prints one line per check (PASS/FAIL) and exits 0 only when every check passed.
// A watchdog thread ends the process with exit code 3 if anything hangs (e.g. the runtime's async debugging
// flag being set under Native AOT, which turns a task-creation branch into a self-loop).
var checks = new Checks(Console.Out);
Watchdog.Start(TimeSpan.FromSeconds(60));

using var monitor = TaskMonitor.Start(new TaskmonOptions
{
    LostTasks = true,
    SelfLog = message => Console.WriteLine($"SELFLOG {message}"),
});

await ExplicitScenarios.RunAsync(monitor, checks);
await DiscoveryScenarios.RunAsync(monitor, checks);

Console.WriteLine($"SUMMARY {checks.Passed} passed, {checks.Failed} failed");
return checks.Failed == 0 ? 0 : 1;
