using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Taskmon.Web.Hosting;

/// <summary>Starts the web server with the host and stops it with the host; a port already taken is logged, never thrown.</summary>
internal sealed partial class TaskmonWebHostedService(TaskMonitor monitor, IOptions<TaskmonWebOptions> options, ILoggerFactory loggerFactory) : IHostedService
{
    private TaskmonWebServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _server = TaskmonWebServer.Start(monitor, options.Value, loggerFactory);
        }
        catch (InvalidOperationException ex)
        {
            // The port is taken (invalid options already failed the host's start, ValidateOnStart).
            LogStartFailed(loggerFactory.CreateLogger<TaskmonWebServer>(), ex.Message, ex);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Taskmon web UI not started: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason, Exception exception);
}
