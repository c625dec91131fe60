using Taskmon.Terminal;

namespace Taskmon;

public sealed partial class TaskMonitor
{
    private TerminalServer? _terminal;

    /// <summary>The port the terminal UI listens on, or 0 when it is not listening (disabled, refused or failed: see the log).</summary>
    public int TerminalPort => Volatile.Read(ref _terminal)?.Port ?? 0;

    /// <summary>Starts the terminal UI when enabled; a failure is logged, never thrown into the host.</summary>
    private void StartTerminal()
    {
        if (!_options.Terminal.Enabled)
        {
            return;
        }
        try
        {
            var server = TerminalFactory.CreateServer(_options.Terminal, this, _selfLog.Logger);
            if (server.Start())
            {
                Volatile.Write(ref _terminal, server);
            }
        }
        catch (Exception ex)
        {
            _selfLog.Fault("terminal start", ex);
        }
    }

    private void StopTerminal()
    {
        try
        {
            Interlocked.Exchange(ref _terminal, null)?.Stop();
        }
        catch (Exception ex)
        {
            _selfLog.Fault("terminal stop", ex);
        }
    }

    private async ValueTask StopTerminalAsync()
    {
        try
        {
            if (Interlocked.Exchange(ref _terminal, null) is { } terminal)
            {
                await terminal.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // A session that outlives the wait (TimeoutException) is left to end by itself; the host is not held.
            _selfLog.Fault("terminal stop", ex);
        }
    }
}
