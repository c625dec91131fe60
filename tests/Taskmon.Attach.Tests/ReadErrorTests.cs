namespace Taskmon.Attach.Tests;

/// <summary>
/// Failures while a snapshot is read, each one line on stderr and a documented exit code: the target dies mid-walk
/// (10), the target's pending work does not fit in taskmon's memory limit (12). Both against a large target.
/// </summary>
[Trait("tier", "slow")]
public sealed class ReadErrorTests
{
    [Fact]
    public async Task A_target_killed_mid_walk_is_one_line_and_exit_code_10()
    {
        await using var target = await TargetApp.StartWithLoadAsync(100_000, 256);
        using var client = DetachTests.StartClient(target);
        var stdout = client.StandardOutput.ReadToEndAsync();
        var stderr = client.StandardError.ReadToEndAsync();
        Assert.True(await target.WaitForStateAsync('t', TimeSpan.FromSeconds(60)), "the target was never seen stopped by taskmon");
        target.Kill();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.WaitForExitAsync(exit.Token);
        var (err, output) = (await stderr, await stdout);
        var what = $"exit code {client.ExitCode}, stderr:\n{err}\nstdout:\n{output}";
        Assert.True(client.ExitCode == 10, what);
        Assert.True(err == $"taskmon: process {target.Pid} (dotnet) exited while it was being read\n", what);
        Assert.True(output.Length == 0, what);
    }

    [Fact]
    public async Task Pending_work_beyond_taskmons_memory_limit_is_one_line_and_exit_code_12_and_the_target_runs_on()
    {
        await using var target = await TargetApp.StartWithLoadAsync(100_000, 16);
        // 48 MB of managed memory for taskmon (as a container limit would set it; much less and the runtime itself
        // cannot start the JIT build): 100,000 pending chains need more.
        var (code, stdout, stderr) = await Processes.RunAsync(["env", "DOTNET_GCHeapHardLimit=0x3000000", "dotnet", Processes.ClientDll, "--pid", target.Id, "--", "ps"]);
        Assert.Equal(12, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Matches($"^taskmon: process {target.Pid} \\(dotnet\\): its heap is too large for taskmon's memory limit \\([0-9]+ MB: the container's limit or DOTNET_GCHeapHardLimit\\); run taskmon where it may use more\n$", stderr);
        Assert.Equal("pong", await target.PingAsync());
    }
}
