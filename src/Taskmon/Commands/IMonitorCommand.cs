using System.CommandLine;

namespace Taskmon.Commands;

/// <summary>
/// One command of the monitor shell: its System.CommandLine definition (which drives parsing,
/// --help and TAB completion) and a handler that returns a result record.
/// </summary>
internal interface IMonitorCommand
{
    /// <summary>The definition; built once per catalog, not shared between catalogs.</summary>
    Command Definition { get; }

    /// <summary>Runs the command for a parsed line. Expected failures are results, not exceptions.</summary>
    ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken);
}
