using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Terminal;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>
/// Strings the app controls (task names, exception messages, app command output) carrying terminal
/// escape sequences, read through the real terminal port: none reaches the operator's terminal.
/// </summary>
[Trait("tier", "system")]
public sealed class HostileTextTests : IDisposable
{
    // Clear screen, set the window title, write the clipboard (OSC 52), a C1 CSI, a bidi override.
    private const string Hostile = "evil\x1b[2J\x1b]0;owned\x07\x1b]52;c;cHduZWQ=\x07\u009b31m\u202Egnp.exe\r";

    private readonly TaskMonitor _monitor;
    private readonly CancellationTokenSource _stop = new();

    public HostileTextTests()
    {
        var options = new TaskmonOptions { Terminal = { Port = 0 } };
        options.Terminal.AddCommand(new TaskmonCommand("say", "Prints app text", (_, _) => Task.FromResult("app says " + Hostile)));
        _monitor = TaskMonitor.Start(options);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _monitor.Dispose();
    }

    [Fact]
    public async Task Where_ps_pst_where_terminated_and_app_output_carry_no_control_characters()
    {
        _ = _monitor.Run("name-" + Hostile, ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: _stop.Token);
        var id = _monitor.GetTasks(new TaskQuery { Filter = "name-" }).Items.Single().Task.Id;
        var faulted = _monitor.Run("fails", async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("message-" + Hostile + "\nsecond line");
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => faulted);
        var trace = _monitor.GetTerminated(new TerminatedQuery { Filter = "fails" }).Items.Single().TraceId;

        foreach (var telnet in new[] { false, true })
        {
            await using var client = telnet ? await TelnetTestClient.ConnectAsync(_monitor.TerminalPort) : await TelnetTestClient.ConnectAsync(_monitor.TerminalPort, negotiate: false);
            await client.WaitForAsync("taskmon >>> ");
            var start = client.Text.Length;
            foreach (var command in new[] { $"where {id}", "ps", "pst", $"where-terminated {trace}", "say" })
            {
                await client.SendAsync(command + "\r\n");
            }
            await client.SendAsync("help\r\n");
            await client.WaitForAsync("Commands:", start);
            var output = client.Text[start..];

            Assert.Contains("name-evil", output, StringComparison.Ordinal);
            Assert.Contains("message-evil^[[2J^[]0;owned^G", output, StringComparison.Ordinal);
            Assert.Contains("second line", output, StringComparison.Ordinal);
            Assert.Contains("app says evil^[[2J", output, StringComparison.Ordinal);
            Assert.DoesNotContain('\x07', output);
            Assert.DoesNotContain('\u009b', output);
            Assert.DoesNotContain('\u202e', output);
            Assert.DoesNotContain("\x1b]", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\x1b[2J", output, StringComparison.Ordinal);
            // The only escape sequences left are the line editor's own (telnet character mode).
            var escapes = output.Split('\x1b').Skip(1).Select(s => s[..Math.Min(3, s.Length)]).Distinct().ToList();
            Assert.All(escapes, e => Assert.Matches("^\\[(K|\\d*[CD])", e));
            if (!telnet)
            {
                Assert.Empty(escapes);
            }
        }
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\x1b[31mred", "a^[[31mred")]
    [InlineData("bell\x07", "bell^G")]
    [InlineData("c1\u009bcsi", "c1<U+009B>csi")]
    [InlineData("del\x7f", "del^?")]
    [InlineData("bidi\u202etxt", "bidi<U+202E>txt")]
    [InlineData("two\r\nlines\n", "two\nlines\n")]
    [InlineData("tab\there", "tab here")]
    [InlineData("lone\rcr", "lone cr")]
    public void A_block_keeps_line_feeds_and_shows_every_other_control(string input, string expected) =>
        Assert.Equal(expected, SafeText.Block(input));

    [Fact]
    public void A_single_line_value_turns_line_breaks_into_spaces() =>
        Assert.Equal("a b c", SafeText.Line("a\r\nb\nc"));
}
