using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Taskmon.Demo;
using Taskmon.Hosting;
using Taskmon.Terminal;
using Taskmon.Web;
using Taskmon.Web.Hosting;

// A small async service with the usual production troubles, monitored by Taskmon.
// Attach with: taskmon (or telnet 127.0.0.1 20101), or open http://127.0.0.1:20102/.
// scripts/demo builds it, starts it and attaches the client.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Taskmon", LogLevel.Information);

var port = int.TryParse(Environment.GetEnvironmentVariable("TASKMON_PORT"), out var p) ? p : 20101;
var webPort = int.TryParse(Environment.GetEnvironmentVariable("TASKMON_WEB_PORT"), out var w) ? w : TaskmonWebOptions.DefaultPort;
builder.Services.AddTaskmon(options =>
{
    options.Discovery = DiscoveryLevel.Full;
    options.Terminal.Port = port;
    options.Terminal.Prompt = "demo[{pid}] >>> ";
    options.Terminal.AddCommand(new TaskmonCommand("orders", "Orders waiting in the pipeline", (_, _) =>
        Task.FromResult($"{OrderPipeline.Backlog} orders queued, {OrderPipeline.Processed} processed")));
});
builder.Services.AddTaskmonWeb(options => options.Port = webPort);
builder.Services.AddSingleton<HungRequests>();
builder.Services.AddHostedService<OrderPipeline>();
builder.Services.AddHostedService<PeriodicReport>();
builder.Services.AddHostedService<RequestHandler>();
builder.Services.AddHostedService<CacheRefresher>();
builder.Services.AddHostedService<ImportJobs>();
builder.Services.AddHostedService<Supervisor>();
builder.Services.AddHostedService<LegacyExport>();

await builder.Build().RunAsync();
