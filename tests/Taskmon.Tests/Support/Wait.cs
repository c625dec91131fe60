namespace Taskmon.Tests.Support;

/// <summary>Polls a condition until it holds or a generous deadline passes (the machine is loaded; this is not a timing assert).</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
