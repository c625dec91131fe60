namespace Taskmon.AotTestApp;

/// <summary>Collects named results and prints one checkable line per check: <c>PASS name</c> or <c>FAIL name: why</c>.</summary>
internal sealed class Checks(TextWriter output)
{
    public int Failed { get; private set; }

    public int Passed { get; private set; }

    public void That(string name, bool condition, string detail = "")
    {
        if (condition)
        {
            Passed++;
            output.WriteLine($"PASS {name}");
        }
        else
        {
            Failed++;
            output.WriteLine($"FAIL {name}: {detail}");
        }

        output.Flush();
    }

    public void Info(string text)
    {
        output.WriteLine($"INFO {text}");
        output.Flush();
    }

    /// <summary>Polls until the condition holds or the time is up (the engine records some things asynchronously).</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
