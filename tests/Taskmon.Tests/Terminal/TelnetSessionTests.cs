using Taskmon.Terminal;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>The server driven as a telnet client in character mode, over real TCP.</summary>
[Trait("tier", "system")]
public sealed class TelnetSessionTests : IAsyncLifetime
{
    private const string Prompt = "taskmon >>> ";
    private TestTerminal _terminal = null!;

    public Task InitializeAsync()
    {
        _terminal = TestTerminal.Start(o => o.AddCommand(new TaskmonCommand("queue", "Show the queue", (args, _) => Task.FromResult($"queue has {args.Count} args"))));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _terminal.DisposeAsync();

    private async Task<TelnetTestClient> AttachAsync(int width = 100)
    {
        var client = await _terminal.TelnetAsync(width);
        await client.WaitForAsync(Prompt);
        return client;
    }

    [Fact]
    public async Task The_server_negotiates_character_mode_and_window_size_then_greets()
    {
        await using var client = await AttachAsync();
        Assert.Contains((Telnet.Will, Telnet.OptionEcho), client.Negotiations);
        Assert.Contains((Telnet.Will, Telnet.OptionSuppressGoAhead), client.Negotiations);
        Assert.Contains((Telnet.Do, Telnet.OptionNaws), client.Negotiations);
        Assert.DoesNotContain((Telnet.Do, Telnet.OptionTerminalType), client.Negotiations); // nothing would read it
        Assert.Contains("Taskmon: 0 tasks running", client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typed_characters_are_echoed_by_the_server_and_a_command_runs()
    {
        await using var client = await AttachAsync();
        var mark = client.Text.Length;
        await client.SendAsync("queue a b\r");
        var output = await client.WaitForAsync("queue has 2 args", mark);
        Assert.Contains("queue a b", output, StringComparison.Ordinal);
        await client.WaitForAsync(Prompt, client.Text.IndexOf("queue has 2 args", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tab_completes_a_command_name()
    {
        await using var client = await AttachAsync();
        var mark = client.Text.Length;
        await client.SendAsync("threadp\t");
        await client.WaitForAsync("threadpool ", mark);
        await client.SendAsync("--sample 0\r");
        await client.WaitForAsync("Queued work items", mark);
    }

    [Fact]
    public async Task Tab_with_several_candidates_lists_them()
    {
        await using var client = await AttachAsync();
        var mark = client.Text.Length;
        await client.SendAsync("s\t");
        var output = await client.WaitForAsync("stacktrace", mark);
        Assert.Contains("signal", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tab_completes_an_option()
    {
        await using var client = await AttachAsync();
        var mark = client.Text.Length;
        await client.SendAsync("threadpool --sa\t");
        await client.WaitForAsync("--sample ", mark);
    }

    [Fact]
    public async Task Up_arrow_recalls_the_last_command()
    {
        await using var client = await AttachAsync();
        await client.SendAsync("queue one\r");
        await client.WaitForAsync("queue has 1 args");
        var mark = client.Text.Length;
        await client.SendAsync("\x1b[A x\r");
        await client.WaitForAsync("queue has 2 args", mark);
    }

    [Fact]
    public async Task An_empty_line_repeats_the_last_command()
    {
        await using var client = await AttachAsync();
        await client.SendAsync("queue a b c\r");
        await client.WaitForAsync("queue has 3 args");
        var mark = client.Text.Length;
        await client.SendAsync("\r");
        await client.WaitForAsync("queue has 3 args", mark);
    }

    [Fact]
    public async Task Ctrl_C_clears_the_line_and_prints_a_hint()
    {
        await using var client = await AttachAsync();
        var mark = client.Text.Length;
        await client.SendAsync("queue x\x03");
        await client.WaitForAsync("Ctrl-D", mark);
        await client.SendAsync("queue\r");
        await client.WaitForAsync("queue has 0 args", mark);
    }

    [Fact]
    public async Task Ctrl_D_ends_the_session()
    {
        await using var client = await AttachAsync();
        await client.SendAsync("\x04");
        await client.WaitForAsync("Bye.");
        await client.WaitClosedAsync();
        Assert.True(client.Closed);
    }

    [Fact]
    public async Task Exit_ends_the_session()
    {
        await using var client = await AttachAsync();
        await client.SendAsync("exit\r");
        await client.WaitClosedAsync();
        Assert.True(client.Closed);
    }

    [Fact]
    public async Task Errors_start_with_a_cross_and_the_session_goes_on()
    {
        await using var client = await AttachAsync();
        var mark = client.Text.Length;
        await client.SendAsync("frobnicate\r");
        await client.WaitForAsync("✗ Unknown command 'frobnicate'", mark);
        await client.SendAsync("queue\r");
        await client.WaitForAsync("queue has 0 args", mark);
    }

    [Fact]
    public async Task Tables_fit_the_width_the_client_announced()
    {
        await using var client = await AttachAsync(width: 40);
        var mark = client.Text.Length;
        await client.SendAsync("stacktrace\r");
        var output = await client.WaitForAsync("Stack of managed thread", mark);
        var tableLines = output.Split("\r\n").SkipWhile(l => !l.Contains("tid", StringComparison.Ordinal)).TakeWhile(l => l.Length > 0).ToList();
        Assert.NotEmpty(tableLines);
        Assert.All(tableLines, l => Assert.True(l.Length <= 40, $"'{l}' is wider than 40"));
    }
}
