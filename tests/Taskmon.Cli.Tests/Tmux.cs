using System.Diagnostics;

namespace Taskmon.Cli.Tests;

/// <summary>A real pseudo-terminal for the client: tmux sessions, typed keys and the screen as text.</summary>
internal static class Tmux
{
    public static bool Installed => File.Exists("/usr/bin/tmux");

    public static async Task WaitForScreen(string session, string text, int seconds = 30) =>
        await WaitForScreen(session, screen => screen.Contains(text, StringComparison.Ordinal), $"'{text}'", seconds);

    public static async Task<string> WaitForScreen(string session, Func<string, bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = await Screen(session);
            if (condition(screen))
            {
                return screen;
            }
            await Task.Delay(150);
        }
        throw new TimeoutException($"{what} did not appear. Screen:\n{screen}");
    }

    /// <summary>The visible screen (or, with history, the scrollback too).</summary>
    public static async Task<string> Screen(string session, bool history = true) =>
        history ? await Run("capture-pane", "-p", "-J", "-S", "-200", "-t", session) : await Run("capture-pane", "-p", "-t", session);

    public static async Task<string> Run(params string[] args)
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

    /// <summary>The local modes that raw mode changes (icanon, echo, isig...).</summary>
    public static string Modes(string stty) =>
        string.Join(' ', stty.Split([' ', '\n', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.TrimStart('-') is "icanon" or "echo" or "isig" or "iexten" or "icrnl" or "opost"));
}
