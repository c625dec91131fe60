using System.Globalization;

namespace Taskmon.Cli.Tests;

/// <summary>
/// The client in a real pseudo-terminal (tmux): raw mode, server-side editing, TAB completion,
/// Ctrl-C, Ctrl-D, and the terminal restored afterwards.
/// </summary>
[Trait("tier", "slow")]
public sealed class InteractiveTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_session_in_a_pty_edits_completes_and_restores_the_terminal()
    {
        Assert.True(Tmux.Installed, "tmux is installed by scripts/setup.d/terminal.sh");
        var session = "taskmon-test-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var port = app.Port.ToString(CultureInfo.InvariantCulture);
        var script = $"stty -a > /tmp/{session}.before; dotnet {ClientProcess.Dll} --port {port}; echo EXIT=$?; stty -a > /tmp/{session}.after; sleep 60";
        await Tmux.Run("new-session", "-d", "-s", session, "-x", "110", "-y", "50", script);
        try
        {
            await Tmux.WaitForScreen(session, "taskmon >>> ");

            // TAB completes a command name...
            await Tmux.Run("send-keys", "-t", session, "-l", "--", "threadp");
            await Tmux.Run("send-keys", "-t", session, "Tab");
            await Tmux.Run("send-keys", "-t", session, "-l", "--", "--sample 10");
            await Tmux.Run("send-keys", "-t", session, "Enter");
            await Tmux.WaitForScreen(session, "Queued work items");
            var screen = await Tmux.Screen(session);
            Assert.True(screen.Contains("threadpool --sample 10", StringComparison.Ordinal), screen);

            // ...and lists the live task ids for where.
            var id = app.Monitor.GetTasks(new() { Filter = "order-worker-3" }).Items.Single().Task.Id.ToString(CultureInfo.InvariantCulture);
            await Tmux.Run("send-keys", "-t", session, "-l", "--", "where ");
            await Tmux.Run("send-keys", "-t", session, "Tab");
            await Tmux.WaitForScreen(session, $"  {id}");
            await Tmux.Run("send-keys", "-t", session, "-l", "--", id);
            await Tmux.Run("send-keys", "-t", session, "Enter");
            await Tmux.WaitForScreen(session, "Creation chain");
            Assert.Contains("order-worker-3", await Tmux.Screen(session), StringComparison.Ordinal);

            // Line editing happens on the server: Ctrl-A inserts at the start.
            await Tmux.Run("send-keys", "-t", session, "-l", "--", "s -f order-worker-1");
            await Tmux.Run("send-keys", "-t", session, "C-a");
            await Tmux.Run("send-keys", "-t", session, "-l", "--", "p");
            await Tmux.Run("send-keys", "-t", session, "Enter");
            await Tmux.WaitForScreen(session, "(showing 1");

            // Ctrl-C clears and hints; Ctrl-D leaves; the terminal is back in cooked mode.
            await Tmux.Run("send-keys", "-t", session, "-l", "--", "garbage");
            await Tmux.Run("send-keys", "-t", session, "C-c");
            await Tmux.WaitForScreen(session, "Ctrl-C clears the line");
            await Tmux.Run("send-keys", "-t", session, "C-d");
            await Tmux.WaitForScreen(session, "EXIT=0");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.Exists($"/tmp/{session}.after") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Equal(Tmux.Modes(await File.ReadAllTextAsync($"/tmp/{session}.before")), Tmux.Modes(await File.ReadAllTextAsync($"/tmp/{session}.after")));
        }
        finally
        {
            await Tmux.Run("kill-session", "-t", session);
            File.Delete($"/tmp/{session}.before");
            File.Delete($"/tmp/{session}.after");
        }
    }
}
