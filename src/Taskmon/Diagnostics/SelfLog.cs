using Microsoft.Extensions.Logging;

namespace Taskmon.Diagnostics;

/// <summary>Where the monitor reports its own faults: never thrown into the host, only logged.</summary>
internal sealed class SelfLog(ILogger logger, Action<string>? sink)
{
    public ILogger Logger => logger;

    public void Fault(string where, Exception exception)
    {
        try
        {
            TaskmonLog.MonitorFault(logger, where, exception);
        }
        catch (Exception)
        {
            // A failing logger must not take the monitor, or the host, down with it.
        }

        try
        {
            sink?.Invoke($"taskmon fault in {where}: {exception}");
        }
        catch (Exception)
        {
            // Nor a failing sink.
        }
    }

    public void Info(string message)
    {
        try
        {
            TaskmonLog.Message(logger, message);
        }
        catch (Exception)
        {
            // Same as above: the self-log is best effort.
        }

        try
        {
            sink?.Invoke(message);
        }
        catch (Exception)
        {
            // Best effort.
        }
    }
}
