namespace Taskmon.Demo;

/// <summary>Holds the promises that nobody will ever complete (so they hang rather than get lost).</summary>
internal sealed class HungRequests
{
    private readonly List<TaskCompletionSource<string>> _never = [];

    public Task<string> NeverAnswered()
    {
        var promise = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_never)
        {
            _never.Add(promise);
        }
        return promise.Task;
    }
}
