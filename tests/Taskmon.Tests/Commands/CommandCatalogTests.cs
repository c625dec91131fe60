using System.Runtime.InteropServices;
using Taskmon.Commands;
using Taskmon.Terminal;

namespace Taskmon.Tests.Commands;

[Trait("tier", "fast")]
public sealed class CommandCatalogTests
{
    private static CommandCatalog Catalog(params TaskmonCommand[] app)
    {
        var options = new TerminalOptions();
        foreach (var command in app)
        {
            options.AddCommand(command);
        }
        return TerminalFactory.CreateCatalog(options, [new ThreadPoolCommand()]);
    }

    private static async Task<CommandOutcome> Run(CommandCatalog catalog, string line) =>
        await catalog.ExecuteAsync(line, new CommandContext(), CancellationToken.None);

    [Fact]
    public async Task Help_lists_every_command_with_its_aliases()
    {
        var outcome = await Run(Catalog(), "?");
        var text = Assert.IsType<HelpResult>(outcome.Result).Text;
        Assert.Contains("threadpool (tp)", text, StringComparison.Ordinal);
        Assert.Contains("exit (q, quit)", text, StringComparison.Ordinal);
        Assert.Equal(ExitStatus.Success, outcome.Status);
    }

    [Fact]
    public async Task Every_command_has_help_without_the_host_process_name()
    {
        var catalog = Catalog();
        foreach (var command in catalog.Commands)
        {
            var outcome = await Run(catalog, $"{command.Definition.Name} --help");
            var text = Assert.IsType<HelpResult>(outcome.Result).Text;
            Assert.Contains($"  {command.Definition.Name}", text, StringComparison.Ordinal);
            Assert.Contains("Usage:", text, StringComparison.Ordinal);
        }
        var byHelp = await Run(catalog, "help tp");
        Assert.Contains("--sample", Assert.IsType<HelpResult>(byHelp.Result).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nosuch", "Unknown command 'nosuch'")]
    [InlineData("help nosuch", "No command 'nosuch'")]
    [InlineData("threadpool --sample abc", "see threadpool --help")]
    [InlineData("threadpool --bogus", "see threadpool --help")]
    [InlineData("threadpool --sample 99999", "--sample must be")]
    [InlineData("signal", "see signal --help")]
    [InlineData("signal KILL", "Unknown signal 'KILL'")]
    public async Task Bad_lines_are_one_line_errors(string line, string expected)
    {
        var outcome = await Run(Catalog(), line);
        var message = Assert.IsType<MessageResult>(outcome.Result);
        Assert.False(message.Ok);
        Assert.Contains(expected, message.Message, StringComparison.Ordinal);
        Assert.NotEqual(ExitStatus.Success, outcome.Status);
        Assert.DoesNotContain('\n', message.Message);
    }

    [Fact]
    public async Task Signal_sends_a_real_signal_to_the_process()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var received = new SemaphoreSlim(0);
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
        {
            context.Cancel = true;
            received.Release();
        });
        var outcome = await Run(Catalog(), "signal SIGWINCH");
        Assert.True(Assert.IsType<MessageResult>(outcome.Result).Ok);
        Assert.True(await received.WaitAsync(TimeSpan.FromSeconds(10)), "SIGWINCH did not arrive");
    }

    [Fact]
    public async Task Threadpool_reports_the_pool()
    {
        var outcome = await Run(Catalog(), "tp --sample 20");
        var result = Assert.IsType<ThreadPoolResult>(outcome.Result);
        Assert.Equal(ThreadPool.ThreadCount > 0, result.Threads > 0);
        Assert.True(result.MaxWorkerThreads >= result.MinWorkerThreads);
        Assert.True(result.CompletedWorkItems > 0);
        Assert.NotEmpty(result.Hint);
    }

    [Fact]
    public async Task App_commands_run_with_their_words_and_their_errors_are_errors()
    {
        var catalog = Catalog(
            new TaskmonCommand("queue", "Queue depth", (args, _) => Task.FromResult($"depth {args.Count}: {string.Join(",", args)}")),
            new TaskmonCommand("boom", "Fails", (_, _) => throw new TaskmonCommandException("queue is closed")),
            new TaskmonCommand("bug", "Throws", (_, _) => throw new InvalidOperationException("oops")),
            new TaskmonCommand("ps-shadow", "x", (_, _) => Task.FromResult("")) { Aliases = { "tp" } });

        var ok = await Run(catalog, "queue a \"b c\" --x");
        Assert.True(ok.Result is AppCommandResult, ok.Result.ToString());
        Assert.Equal("depth 3: a,b c,--x", Assert.IsType<AppCommandResult>(ok.Result).Output);
        var failed = await Run(catalog, "boom");
        Assert.False(failed.Result.Success);
        Assert.Equal(ExitStatus.Failed, failed.Status);
        var bug = await Run(catalog, "bug");
        Assert.Contains("InvalidOperationException: oops", Assert.IsType<MessageResult>(bug.Result).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(catalog.Commands, c => c.Definition.Name == "ps-shadow");
    }

    [Fact]
    public void Completion_offers_command_names_options_and_values()
    {
        var catalog = Catalog();
        Assert.Equal(["threadpool"], catalog.Complete("thr", 3).Items);
        Assert.Contains("signal", catalog.Complete("", 0).Items);
        Assert.DoesNotContain("tp", catalog.Complete("", 0).Items);
        Assert.Equal(["--sample"], catalog.Complete("tp --s", 6).Items);
        Assert.Equal(["USR1", "USR2"], catalog.Complete("signal U", 8).Items);
        Assert.Equal(7, catalog.Complete("signal U", 8).Start);
    }
}
