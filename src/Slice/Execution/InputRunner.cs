using Slice.IO;
using Slice.Ranges;
using Slice.Scanning;

namespace Slice.Execution;

/// <summary>
/// Picks the engine for one input from the plan, the mode and what the input is. This is the only
/// place that knows about seeking: regular files get offset arithmetic and backward scans, pipes get
/// streaming, bounded retention, or a spill to a temporary file.
/// </summary>
internal static class InputRunner
{
    public static void Run(Source source, RunContext context)
    {
        SlicePlan plan = context.Plan;
        SliceMode mode = context.Mode;
        if (plan.Kind == PlanKind.Empty)
        {
            return;
        }

        if (plan.Kind == PlanKind.Reverse && !source.Seekable)
        {
            using Source spilled = Spill.ToTemporaryFile(source, context);
            if (spilled.Seekable)
            {
                Run(spilled, context);
            }

            return;
        }

        if (mode.Kind == ModeKind.Bytes && source.Seekable)
        {
            ByteRunner.Seekable(source, context);
            return;
        }

        InputBuffer input = new(source, context.BufferSize);
        switch (plan.Kind)
        {
            case PlanKind.Forward:
                ForwardRunner.Run(
                    mode.CreateCursor(input),
                    context.Output,
                    RunContext.Clamp(plan.Start.Value),
                    plan.End is { } end ? RunContext.Clamp(end.Value) : null,
                    RunContext.Clamp(plan.Step));
                break;
            case PlanKind.Tail when mode.Kind == ModeKind.Bytes:
                ByteRunner.StreamTail(input, context);
                break;
            case PlanKind.Lag when mode.Kind == ModeKind.Bytes:
                ByteRunner.StreamLag(input, context);
                break;
            case PlanKind.Tail when source.Seekable && mode.CanScanBackward:
                SeekableRunner.Tail(source, context);
                break;
            case PlanKind.Lag when source.Seekable && mode.CanScanBackward:
                SeekableRunner.Lag(source, context);
                break;
            case PlanKind.Tail when ChunkRunner.Applies(context):
                ChunkRunner.Tail(input, context);
                break;
            case PlanKind.Lag when ChunkRunner.Applies(context):
                ChunkRunner.Lag(input, context, mode.CreateCursor(input));
                break;
            case PlanKind.Tail:
                StreamRunner.Tail(mode.CreateCursor(input), context);
                break;
            case PlanKind.Lag:
                StreamRunner.Lag(mode.CreateCursor(input), context);
                break;
            default:
                SeekableRunner.Reverse(source, context);
                break;
        }
    }
}
