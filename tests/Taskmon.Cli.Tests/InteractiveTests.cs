using System.Diagnostics;
using System.Globalization;

namespace Taskmon.Cli.Tests;

/// <summary>
/// The client in a real pseudo-terminal (tmux): raw mode, server-side editing, TAB completion,
/// Ctrl-C, Ctrl-D, and the terminal restored afterwards.
/// </summary>
[Trait("tier", "slow")]
public sealed class InteractiveTests(TestApp app) : IClassFixture<TestApp>
{
    private static bool HaveTmux => File.Exists("/usr/bin/tmux");

    [Fact]
    public async Task A_session_in_a_pty_edits_completes_and_restores_the_terminal()
    {
        Assert.True(HaveTmux, "tmux is installed by scripts/setup.d/terminal.sh");
        var session = "taskmon-test-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var port = app.Port.ToString(CultureInfo.InvariantCulture);
        var script = $"stty -a > /tmp/{session}.before; dotnet {ClientProcess.Dll} --port {port}; echo EXIT=$?; stty -a > /tmp/{session}.after; sleep 60";
        await Tmux("new-session", "-d", "-s", session, "-x", "110", "-y", "50", script);
        try
        {
            await WaitForScreen(session, "taskmon >>> ");

            // TAB completes a command name...
            await Tmux("send-keys", "-t", session, "-l", "--", "threadp");
            await Tmux("send-keys", "-t", session, "Tab");
            await Tmux("send-keys", "-t", session, "-l", "--", "--sample 10");
            await Tmux("send-keys", "-t", session, "Enter");
            await WaitForScreen(session, "Queued work items");
            var screen = await Screen(session);
            Assert.True(screen.Contains("threadpool --sample 10", StringComparison.Ordinal), screen);

            // ...and lists the live task ids for where.
            var id = app.Monitor.GetTasks(new() { Filter = "order-worker-3" }).Items.Single().Task.Id.ToString(CultureInfo.InvariantCulture);
            await Tmux("send-keys", "-t", session, "-l", "--", "where ");
            await Tmux("send-keys", "-t", session, "Tab");
            await WaitForScreen(session, $"  {id}");
            await Tmux("send-keys", "-t", session, "-l", "--", id);
            await Tmux("send-keys", "-t", session, "Enter");
            await WaitForScreen(session, "Creation chain");
            Assert.Contains("order-worker-3", await Screen(session), StringComparison.Ordinal);

            // Line editing happens on the server: Ctrl-A inserts at the start.
            await Tmux("send-keys", "-t", session, "-l", "--", "s -f order-worker-1");
            await Tmux("send-keys", "-t", session, "C-a");
            await Tmux("send-keys", "-t", session, "-l", "--", "p");
            await Tmux("send-keys", "-t", session, "Enter");
            await WaitForScreen(session, "(showing 1");

            // Ctrl-C clears and hints; Ctrl-D leaves; the terminal is back in cooked mode.
            await Tmux("send-keys", "-t", session, "-l", "--", "garbage");
            await Tmux("send-keys", "-t", session, "C-c");
            await WaitForScreen(session, "Ctrl-C clears the line");
            await Tmux("send-keys", "-t", session, "C-d");
            await WaitForScreen(session, "EXIT=0");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.Exists($"/tmp/{session}.after") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Equal(Modes(await File.ReadAllTextAsync($"/tmp/{session}.before")), Modes(await File.ReadAllTextAsync($"/tmp/{session}.after")));
        }
        finally
        {
            await Tmux("kill-session", "-t", session);
            File.Delete($"/tmp/{session}.before");
            File.Delete($"/tmp/{session}.after");
        }
    }

    /// <summary>The local modes that raw mode changes (icanon, echo, isig...).</summary>
    private static string Modes(string stty) =>
        string.Join(' ', stty.Split([' ', '\n', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.TrimStart('-') is "icanon" or "echo" or "isig" or "iexten" or "icrnl" or "opost"));

    private static async Task WaitForScreen(string session, string text, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = await Screen(session);
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(150);
        }
        throw new TimeoutException($"'{text}' did not appear. Screen:\n{screen}");
    }

    private static async Task<string> Screen(string session) => await Tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);

    private static async Task<string> Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
