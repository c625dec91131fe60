namespace Taskmon.Cli.Tests;

[Trait("tier", "fast")]
public sealed class ArgumentParserTests
{
    private static ClientOptions Parse(params string[] args) => ArgumentParser.Parse(args, _ => null);

    [Fact]
    public void Defaults_attach_to_the_local_port()
    {
        var options = Parse();
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(20101, options.Port);
        Assert.Null(options.Command);
    }

    [Fact]
    public void Words_after_double_dash_are_the_command_and_spaces_stay_quoted()
    {
        var options = Parse("--port", "9000", "--json", "--", "ps", "-f", "order worker");
        Assert.Equal(9000, options.Port);
        Assert.True(options.Json);
        Assert.Equal("ps -f \"order worker\"", options.Command);
    }

    [Fact]
    public void Exec_takes_the_command_line_as_typed()
    {
        Assert.Equal("ps -f worker", Parse("--host=localhost", "exec", "ps -f worker").Command);
        Assert.Equal("localhost", Parse("--host=localhost").Host);
    }

    [Fact]
    public void Environment_supplies_port_and_token()
    {
        var options = ArgumentParser.Parse([], name => name switch { "TASKMON_PORT" => "1234", "TASKMON_TOKEN" => "t", _ => null });
        Assert.Equal(1234, options.Port);
        Assert.Equal("t", options.Token);
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "http")]
    [InlineData("--port")]
    [InlineData("--bogus")]
    [InlineData("--json")]
    [InlineData("--")]
    [InlineData("exec", "")]
    [InlineData("--dump", "--", "ps")]
    [InlineData("--snapshot", "--", "ps")]
    public void Bad_arguments_are_usage_errors(params string[] args)
    {
        var e = Assert.Throws<ClientException>(() => Parse(args));
        Assert.Equal(ExitCode.Usage, e.Code);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Dump_reads_the_pid_through_a_dump()
    {
        var options = Parse("--pid", "42", "--dump", "--json", "--", "ps");
        Assert.Equal(42, options.Pid);
        Assert.True(options.ViaDump);
        Assert.False(Parse("--pid", "42").ViaDump);
    }

    [Fact]
    public void Snapshot_reads_the_pid_as_a_snapshot_even_when_taskmon_runs_in_it()
    {
        var options = Parse("--pid", "42", "--snapshot", "--", "ps");
        Assert.Equal(42, options.Pid);
        Assert.True(options.Snapshot);
        Assert.False(Parse("--pid", "42").Snapshot);
    }
}
