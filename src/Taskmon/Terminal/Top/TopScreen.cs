using Taskmon.Commands;
using Taskmon.Streaming;

namespace Taskmon.Terminal;

/// <summary>
/// A running full-screen <c>top</c> in one telnet session: takes the alternate screen and hides the cursor, redraws
/// the <see cref="TopView"/> on every frame, key and window-size change, and gives the screen back on quit or when
/// the session ends. Frames come from a <see cref="TaskWatcher"/>, so a slow client skips frames.
/// </summary>
internal sealed class TopScreen
{
    public const string Enter = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J";
    public const string Leave = "\x1b[?25h\x1b[?1049l";

    // Past this backlog the client is not keeping up: frames are not drawn until it reads.
    private const long MaxBacklog = 256 * 1024;

    private readonly TopScreenRequest _request;
    private readonly SessionConnection _connection;
    private readonly Lock _gate = new();
    private readonly TopView _view;
    private readonly CancellationTokenSource _stop = new();
    private TaskWatcher? _watcher;
    private bool _stopped;

    public TopScreen(TopScreenRequest request, SessionConnection connection)
    {
        _request = request;
        _connection = connection;
        _view = new TopView(request.PersistentOnly);
    }

    public bool EndSession => _request.EndSession;

    public void Start()
    {
        _connection.WriteRaw(Enter);
        _watcher = _request.Monitor.Watch(_request.Delay);
        lock (_gate)
        {
            Draw();
        }

        _ = LoopAsync(_watcher);
    }

    /// <summary>Applies a key; returns false when top has quit (the screen is given back).</summary>
    public bool OnKey(Key key)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            if (!_view.OnKey(key))
            {
                Stop();
                return false;
            }

            Draw();
            return true;
        }
    }

    /// <summary>The window size changed (NAWS).</summary>
    public void Resized()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                Draw();
            }
        }
    }

    /// <summary>Gives the screen back and stops watching; idempotent.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _stop.Cancel();
            _watcher?.Dispose();
            _connection.WriteRaw(Leave);
        }
    }

    private async Task LoopAsync(TaskWatcher watcher)
    {
        try
        {
            while (true)
            {
                var frame = await watcher.NextAsync(_stop.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    _view.Apply(frame);
                    if (_connection.Output.QueuedBytes < MaxBacklog)
                    {
                        Draw();
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Quit, or the monitor stopped.
        }
    }

    private void Draw()
    {
        string? detail = null;
        if (_view.Detail is { } id)
        {
            detail = _request.Monitor.GetTrace(id) is { } trace
                ? TextRenderer.Render(new WhereResult(trace.WithFrameworkFramesCollapsed()), _connection.Width)
                : $"task {id} has ended\n";
        }

        _connection.WriteRaw(_view.Render(_connection.Width, _connection.Height, detail));
    }
}
