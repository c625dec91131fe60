namespace Taskmon.Attach;

/// <summary>A command's output and status (0 ok, 1 failed, 2 usage), as the live terminal's one-shot protocol has them.</summary>
internal readonly record struct CommandResult(int Status, string Output)
{
    public static CommandResult Ok(string output) => new(0, output);

    public static CommandResult Failed(string output) => new(1, output);

    public static CommandResult Usage(string output) => new(2, output);
}
