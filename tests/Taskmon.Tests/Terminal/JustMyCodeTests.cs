using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>Creation stacks through the real terminal: the app's frames, framework runs collapsed; --full shows all.</summary>
[Trait("tier", "system")]
[Collection(MonitorCollection.Name)]
public sealed partial class JustMyCodeTests
{
    [Fact]
    public async Task Where_shows_the_apps_two_frames_and_one_collapsed_line_and_full_shows_every_frame()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Port = 0 }, CreationStacks = CreationStackMode.Always });
        var release = new TaskCompletionSource();
        var work = StartFromHelper(monitor, release.Task);
        try
        {
            var id = monitor.GetTasks(new TaskQuery { Filter = "jmc-target" }).Items.Single().Task.Id.ToString(CultureInfo.InvariantCulture);
            await using var client = await TelnetTestClient.ConnectAsync(monitor.TerminalPort, negotiate: true, width: 250);
            await client.WaitForAsync(">>> ");

            var collapsed = StackOf(await WhereAsync(client, $"where {id}"));
            Assert.True(collapsed.Count == 3, string.Join("\n", collapsed));
            Assert.Contains(".JustMyCodeTests.StartFromHelper in ", collapsed[0], StringComparison.Ordinal);
            Assert.Contains(".JustMyCodeTests.Where_shows_the_apps_two_frames_and_one_collapsed_line_and_full_shows_every_frame in ", collapsed[1], StringComparison.Ordinal);
            var hidden = int.Parse(CollapsedLine().Match(collapsed[2]).Groups[1].Value, CultureInfo.InvariantCulture);

            var full = StackOf(await WhereAsync(client, $"where {id} --full"));
            Assert.Equal(2 + hidden, full.Count);
            Assert.Equal(collapsed[..2], full[..2]);
            Assert.DoesNotContain(full, l => l.Contains("framework frames", StringComparison.Ordinal));
            Assert.Contains(full, l => l.StartsWith("Xunit.", StringComparison.Ordinal));
        }
        finally
        {
            release.SetResult();
            await work;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task StartFromHelper(TaskMonitor monitor, Task gate) => monitor.Run("jmc-target", _ => gate);

    private static async Task<string> WhereAsync(TelnetTestClient client, string command)
    {
        var mark = client.Text.Length;
        await client.SendAsync(command + "\r");
        var output = await client.WaitForAsync("Async stack", mark);
        return output.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    // The creation stack of the task itself: the frame lines (indented six) under the chain's first link.
    private static List<string> StackOf(string output) => output
        .Split('\n')
        .SkipWhile(l => !l.StartsWith("Creation chain", StringComparison.Ordinal))
        .Skip(2)
        .TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal))
        .Select(l => l.Trim())
        .ToList();

    [GeneratedRegex(@"^… (\d+) framework frames$")]
    private static partial Regex CollapsedLine();
}
