using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Taskmon.Demo;
using Taskmon.Hosting;
using Taskmon.Terminal;

// A small async service with the usual production troubles, monitored by Taskmon.
// Attach with: taskmon (or telnet 127.0.0.1 20101). scripts/demo does both.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Taskmon", LogLevel.Information);

var port = int.TryParse(Environment.GetEnvironmentVariable("TASKMON_PORT"), out var p) ? p : 20101;
builder.Services.AddTaskmon(options =>
{
    options.Discovery = true;
    options.Terminal.Port = port;
    options.Terminal.Prompt = "demo[{pid}] >>> ";
    options.Terminal.AddCommand(new TaskmonCommand("orders", "Orders waiting in the pipeline", (_, _) =>
        Task.FromResult($"{OrderPipeline.Backlog} orders queued, {OrderPipeline.Processed} processed")));
});
builder.Services.AddSingleton<HungRequests>();
builder.Services.AddHostedService<OrderPipeline>();
builder.Services.AddHostedService<PeriodicReport>();
builder.Services.AddHostedService<RequestHandler>();
builder.Services.AddHostedService<CacheRefresher>();
builder.Services.AddHostedService<ImportJobs>();
builder.Services.AddHostedService<Supervisor>();

await builder.Build().RunAsync();
