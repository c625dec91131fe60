using Taskmon.Diagnostics;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>The monitor's shared parts that discovery writes into (records, terminations, names, stacks, lines).</summary>
internal sealed record TrackingParts(
    TaskRegistry Registry,
    TerminationRecorder Terminations,
    ExplicitTasks Explicit,
    CreationStacks Stacks,
    MachineInfoCache Infos,
    AwaitLines AwaitLines,
    SourcePaths Paths,
    TaskmonMetrics Metrics,
    SelfLog SelfLog);
