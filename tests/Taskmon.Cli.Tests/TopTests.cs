using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Taskmon.Cli.Tests;

/// <summary><c>taskmon top</c> in a real pseudo-terminal (tmux), and <c>taskmon top --batch</c> as plain text.</summary>
[Trait("tier", "slow")]
public sealed partial class TopTests(TopApp app) : IClassFixture<TopApp>
{
    [Fact]
    public async Task Top_in_a_pty_refreshes_busy_sorts_filters_opens_a_detail_quits_and_restores_the_terminal()
    {
        Assert.True(Tmux.Installed, "tmux is installed by scripts/setup.d/terminal.sh");
        var session = "taskmon-top-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var port = app.Port.ToString(CultureInfo.InvariantCulture);
        var script = $"stty -a > /tmp/{session}.before; dotnet {ClientProcess.Dll} --port {port} top -d 0.3; echo EXIT=$?; stty -a > /tmp/{session}.after; sleep 60";
        await Tmux.Run("new-session", "-d", "-s", session, "-x", "160", "-y", "40", script);
        try
        {
            // Full screen, busy time of the spinner moving between refreshes.
            var first = await Tmux.WaitForScreen(session, s => Busy(s, "spinner") is not null, "the spinner's row");
            Assert.Equal("1", (await Tmux.Run("display", "-p", "-t", session, "#{alternate_on}")).Trim());
            var busy = Busy(first, "spinner");
            await Tmux.WaitForScreen(session, s => Busy(s, "spinner") is { } now && now != busy, "a different busy value");

            // 3 sorts by name (ascending), 3 again reverses it.
            await Tmux.Run("send-keys", "-t", session, "3");
            // A capture can catch a redraw half-way: the order is part of what is waited for.
            await Tmux.WaitForScreen(session, s => s.Contains("sort: name asc", StringComparison.Ordinal) && Row(s, "idle-a") >= 0 && Row(s, "idle-a") < Row(s, "spinner"), "sort by name, idle-a above spinner");
            await Tmux.Run("send-keys", "-t", session, "3");
            await Tmux.WaitForScreen(session, s => s.Contains("sort: name desc", StringComparison.Ordinal) && Row(s, "spinner") >= 0 && Row(s, "spinner") < Row(s, "idle-a"), "reverse sort, spinner above idle-a");

            // / filters by name or method.
            await Tmux.Run("send-keys", "-t", session, "/");
            await Tmux.Run("send-keys", "-t", session, "-l", "--", "spin");
            await Tmux.Run("send-keys", "-t", session, "Enter");
            await Tmux.WaitForScreen(session, s => s.Contains("filter: spin", StringComparison.Ordinal) && Row(s, "idle-a") < 0 && Row(s, "spinner") >= 0, "the filter: spinner only");

            // Enter opens the selected task's detail: where, with its run-time histogram; any key goes back.
            await Tmux.Run("send-keys", "-t", session, "Enter");
            var detail = await Tmux.WaitForScreen(session, s => s.Contains("Creation chain", StringComparison.Ordinal) && s.Contains("run times:", StringComparison.Ordinal), "the detail");
            Assert.Contains("spinner", detail, StringComparison.Ordinal);
            await Tmux.Run("send-keys", "-t", session, "Left");
            await Tmux.WaitForScreen(session, s => !s.Contains("Creation chain", StringComparison.Ordinal) && Row(s, "spinner") >= 0, "back to the table");

            // q quits; the terminal is back: main screen, cursor shown, cooked mode.
            await Tmux.Run("send-keys", "-t", session, "q");
            await Tmux.WaitForScreen(session, "EXIT=0");
            Assert.Equal("0", (await Tmux.Run("display", "-p", "-t", session, "#{alternate_on}")).Trim());
            Assert.Equal("1", (await Tmux.Run("display", "-p", "-t", session, "#{cursor_flag}")).Trim());
            await WaitForFile($"/tmp/{session}.after");
            Assert.Equal(Tmux.Modes(await File.ReadAllTextAsync($"/tmp/{session}.before")), Tmux.Modes(await File.ReadAllTextAsync($"/tmp/{session}.after")));
        }
        finally
        {
            await Tmux.Run("kill-session", "-t", session);
            File.Delete($"/tmp/{session}.before");
            File.Delete($"/tmp/{session}.after");
        }
    }

    [Fact]
    public async Task Ctrl_C_quits_top_and_gives_the_screen_back()
    {
        Assert.True(Tmux.Installed, "tmux is installed by scripts/setup.d/terminal.sh");
        var session = "taskmon-top-c-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var script = $"dotnet {ClientProcess.Dll} --port {app.Port.ToString(CultureInfo.InvariantCulture)} top -p; echo EXIT=$?; sleep 60";
        await Tmux.Run("new-session", "-d", "-s", session, "-x", "100", "-y", "30", script);
        try
        {
            // -p: persistent tasks only.
            var screen = await Tmux.WaitForScreen(session, s => Row(s, "service-loop") >= 0, "the persistent task");
            Assert.True(Row(screen, "spinner") < 0, screen);
            Assert.Contains("persistent only", screen, StringComparison.Ordinal);
            await Tmux.Run("send-keys", "-t", session, "C-c");
            await Tmux.WaitForScreen(session, "EXIT=0");
            Assert.Equal("0", (await Tmux.Run("display", "-p", "-t", session, "#{alternate_on}")).Trim());
            Assert.Equal("1", (await Tmux.Run("display", "-p", "-t", session, "#{cursor_flag}")).Trim());
        }
        finally
        {
            await Tmux.Run("kill-session", "-t", session);
        }
    }

    [Fact]
    public async Task Top_batch_prints_n_plain_snapshots_with_every_column()
    {
        var (code, output, error) = await ClientProcess.TaskmonAsync("--port", app.Port.ToString(CultureInfo.InvariantCulture), "top", "--batch", "-n", "3", "-d", "0.2");
        Assert.True(code == 0, error);
        Assert.DoesNotContain("\x1b", output, StringComparison.Ordinal);
        var snapshots = output.Split("taskmon top - ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, snapshots.Length);
        var busies = new List<TimeSpan>();
        foreach (var snapshot in snapshots)
        {
            var lines = snapshot.Split('\n');
            Assert.Matches(@"^\d\d:\d\d:\d\d  tasks: \d+ live", lines[0]);
            Assert.StartsWith("thread pool: ", lines[1], StringComparison.Ordinal);
            var header = Array.FindIndex(lines, l => l.StartsWith("id ", StringComparison.Ordinal) || l.TrimStart().StartsWith("id  state", StringComparison.Ordinal));
            Assert.True(header > 0, snapshot);
            Assert.Equal(["id", "state", "name", "method", "age", "busy", "busy%", "runs", "longest"], Spaces().Split(lines[header].Trim()));
            var spinner = lines.Skip(header + 1).Select(l => Spaces().Split(l.Trim())).Single(c => c.Length == 9 && c[2] == "spinner");
            Assert.Matches(@"^\d+(\.\d)?$", spinner[6]);
            Assert.InRange(double.Parse(spinner[6], CultureInfo.InvariantCulture), 0, 100);
            Assert.True(int.Parse(spinner[7], CultureInfo.InvariantCulture) > 0);
            busies.Add(ParseDuration(spinner[5].TrimEnd('!')));
        }

        Assert.True(busies[2] > busies[0], string.Join(", ", busies));
    }

    [Fact]
    public async Task Top_batch_prints_each_snapshot_as_it_is_taken_not_all_at_the_end()
    {
        // -d 60: the second snapshot is a minute away, so the first must reach the pipe while the client still runs.
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ClientProcess.Dll, "--port", app.Port.ToString(CultureInfo.InvariantCulture), "top", "--batch", "-n", "2", "-d", "60" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var seen = new StringBuilder();
        try
        {
            var buffer = new char[4096];
            var deadline = DateTime.UtcNow.AddSeconds(40);
            string[] names = ["spinner", "idle-a", "idle-b", "service-loop"];
            while (!names.All(n => seen.ToString().Contains(n, StringComparison.Ordinal)))
            {
                var left = deadline - DateTime.UtcNow;
                var read = process.StandardOutput.ReadAsync(buffer, 0, buffer.Length);
                if (left <= TimeSpan.Zero || await Task.WhenAny(read, Task.Delay(left)) != read)
                {
                    Assert.Fail($"no whole first snapshot within 40 s (the second is due at 60 s); stdout so far:\n{seen}");
                }

                var n = await read;
                if (n == 0)
                {
                    Assert.Fail($"the client ended (exit {process.ExitCode}) before its second snapshot was due; stdout:\n{seen}\nstderr:\n{await stderr}");
                }

                seen.Append(buffer, 0, n);
            }

            Assert.False(process.HasExited, seen.ToString());
            Assert.Single(Regex.Matches(seen.ToString(), "taskmon top - "));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Top_with_a_bad_delay_is_a_usage_error_before_connecting()
    {
        var (code, _, error) = await ClientProcess.TaskmonAsync("--port", "1", "top", "-d", "0");
        Assert.Equal(2, code);
        Assert.Contains("top -d", error, StringComparison.Ordinal);
    }

    /// <summary>The busy cell of the row whose name is <paramref name="name"/>, or null.</summary>
    private static string? Busy(string screen, string name)
    {
        foreach (var line in screen.Split('\n'))
        {
            var cells = Spaces().Split(line.Trim());
            if (cells.Length == 9 && cells[2] == name)
            {
                return cells[5];
            }
        }
        return null;
    }

    private static int Row(string screen, string name) =>
        Array.FindIndex(screen.Split('\n'), line => Spaces().Split(line.Trim()) is { Length: 9 } cells && cells[2] == name);

    private static TimeSpan ParseDuration(string text) =>
        text.EndsWith("µs", StringComparison.Ordinal) ? TimeSpan.FromMicroseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
        : text.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
        : text.EndsWith('s') && !text.Contains('m', StringComparison.Ordinal) ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture))
        : throw new FormatException(text);

    private static async Task WaitForFile(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(path) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}
