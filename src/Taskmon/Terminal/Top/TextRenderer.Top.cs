using System.Text;
using Taskmon.Commands;

namespace Taskmon.Terminal;

/// <summary>Text for <c>top --batch</c>: each snapshot as a head, the warnings and the whole table, like <c>top -b</c>.</summary>
internal static partial class TextRenderer
{
    private static void TopBatch(StringBuilder output, TopResult top, int width)
    {
        foreach (var snapshot in top.Snapshots)
        {
            TopTable.Head(output, snapshot.Time, snapshot.Counts, snapshot.ThreadPool, snapshot.Tasks.Count);
            TopTable.Warnings(output, snapshot.Warnings, TopCommand.MaxIterations, width);
            output.Append('\n');
            TableRenderer.Render(output, TopTable.Columns, snapshot.Tasks.Select(r => TopTable.Cells(r, snapshot.Time)).ToList(), width);
            output.Append('\n');
        }
    }
}
