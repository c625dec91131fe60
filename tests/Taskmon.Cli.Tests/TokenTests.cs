using System.Globalization;
using Taskmon.Hosting;

namespace Taskmon.Cli.Tests;

/// <summary>The real client against a monitor whose terminal asks for a token: refusals come as codes, not prose.</summary>
[Trait("tier", "system")]
public sealed class TokenTests : IDisposable
{
    private readonly TaskMonitor _monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, Terminal = { Port = 0, Token = "s3cret" } });

    private string Port => _monitor.TerminalPort.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _monitor.Dispose();

    [Fact]
    public async Task The_right_token_runs_the_command()
    {
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync("--port", Port, "--token", "s3cret", "--", "help");
        Assert.True(code == 0, stderr);
        Assert.Contains("Commands:", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong", "refused the token")]
    [InlineData(null, "asks for a token")]
    public async Task A_wrong_or_missing_token_exits_with_access_denied_and_says_which(string? token, string message)
    {
        string[] args = token is null ? ["--port", Port, "--", "help"] : ["--port", Port, "--token", token, "--", "help"];
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync(args);
        Assert.Equal(5, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Commands:", stdout, StringComparison.Ordinal);
    }
}
