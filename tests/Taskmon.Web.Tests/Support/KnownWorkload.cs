namespace Taskmon.Web.Tests.Support;

/// <summary>Async methods with recognizable names, for the trace view and the async stack.</summary>
public static class KnownWorkload
{
    public static async Task OuterLoopAsync(CancellationToken cancellationToken) =>
        await MiddleStepAsync(cancellationToken);

    public static async Task MiddleStepAsync(CancellationToken cancellationToken) =>
        await InnermostWaitAsync(cancellationToken);

    public static async Task InnermostWaitAsync(CancellationToken cancellationToken) =>
        await Task.Delay(Timeout.Infinite, cancellationToken);

    public static async Task FailAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        throw new InvalidOperationException("planned failure for the trace view");
    }

    public static async Task IgnoreCancellationAsync(TimeSpan duration)
    {
        await Task.Delay(duration, CancellationToken.None);
    }
}
