namespace Taskmon.Commands;

/// <summary>
/// Thread pool state, sampled twice <see cref="SampleMilliseconds"/> apart; <see cref="BlockingTasks"/>
/// counts monitored tasks whose current run blocks a thread (null without a monitor).
/// </summary>
internal sealed record ThreadPoolResult(
    int Threads,
    long PendingWorkItems,
    long CompletedWorkItems,
    int MinWorkerThreads,
    int MaxWorkerThreads,
    int MinIoThreads,
    int MaxIoThreads,
    long PendingGrowth,
    int ThreadGrowth,
    int SampleMilliseconds,
    double CompletedPerSecond,
    bool StarvationSuspected,
    string Hint) : CommandResult
{
    public int? BlockingTasks { get; init; }
}
