using Taskmon.Streaming;

namespace Taskmon;

public sealed partial class TaskMonitor
{
    /// <summary>
    /// Starts watching the live tasks: the returned watcher receives a <see cref="WatchFrame"/> each interval (new,
    /// changed and ended tasks, counts, thread pool, warnings). One producer serves every watcher and runs only while
    /// someone watches; a watcher that reads slowly skips frames instead of queueing them.
    /// </summary>
    /// <param name="interval">How often frames come (0.1-60 s; default 1 s). The producer runs at the shortest interval any watcher asks for.</param>
    /// <returns>The watcher; dispose it to stop watching.</returns>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    public TaskWatcher Watch(TimeSpan? interval = null) => _watch.Add(interval ?? TimeSpan.FromSeconds(1));
}
