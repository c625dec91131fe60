using System.Text;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>The server driven like nc or a script: no negotiation, line by line.</summary>
[Trait("tier", "system")]
public sealed class PlainClientTests : IAsyncLifetime
{
    private TestTerminal _terminal = null!;

    public Task InitializeAsync()
    {
        _terminal = TestTerminal.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _terminal.DisposeAsync();

    [Fact]
    public async Task A_line_client_gets_the_greeting_and_runs_commands_without_escape_sequences()
    {
        await using var client = await _terminal.PlainAsync();
        await client.WaitForAsync("taskmon >>> ");
        await client.SendAsync("help\nthreadpool --sample 0\n");
        var output = await client.WaitForAsync("Queued work items");
        Assert.Contains("Commands:", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\x1b', output);
        Assert.DoesNotContain("\r\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_client_that_speaks_first_is_served_at_once()
    {
        await using var client = await _terminal.PlainAsync();
        await client.SendAsync("help ps-nonexistent\r\n");
        await client.WaitForAsync("✗ No command 'ps-nonexistent'");
    }

    [Fact]
    public async Task An_empty_line_does_not_repeat_for_scripts()
    {
        await using var client = await _terminal.PlainAsync();
        await client.SendAsync("signal BOGUS\n\n\nexit\n");
        await client.WaitClosedAsync();
        Assert.Equal(1, CountOf(client.Text, "Unknown signal"));
    }

    [Fact]
    public async Task Garbage_binary_and_overlong_lines_get_errors_and_the_session_survives()
    {
        await using var client = await _terminal.PlainAsync();
        await client.WaitForAsync("taskmon >>> ");
        var random = new Random(7);
        var garbage = new byte[20_000];
        random.NextBytes(garbage);
        for (var i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] is (byte)'\n' or 0xFF)
            {
                garbage[i] = (byte)'x';
            }
        }
        await client.SendAsync(garbage);
        await client.SendAsync("\n");
        await client.WaitForAsync("Line too long");
        await client.SendAsync("\x00\x01\x02\x1b[2J\n");
        await client.SendAsync(Encoding.UTF8.GetBytes("help\n"));
        await client.WaitForAsync("Commands:");
    }

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
