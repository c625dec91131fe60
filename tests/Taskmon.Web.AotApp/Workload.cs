namespace Taskmon.Web.AotApp;

internal static class Workload
{
    public static async Task SleepAsync(CancellationToken cancellationToken) => await WaitForeverAsync(cancellationToken);

    private static async Task WaitForeverAsync(CancellationToken cancellationToken) => await Task.Delay(Timeout.Infinite, cancellationToken);
}
