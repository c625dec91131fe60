using System.Diagnostics.Tracing;

namespace Taskmon.Benchmarks.Tracking;

/// <summary>The TplEventSource keywords discovery enables (the library keeps its own copy internal).</summary>
internal static class Keywords
{
    /// <summary>AsyncCausalityOperation: begin and end of each async operation.</summary>
    public const EventKeywords Operations = (EventKeywords)0x8;

    /// <summary>AsyncCausalitySynchronousWork: each run of an operation (run-time accounting, parent links).</summary>
    public const EventKeywords Runs = (EventKeywords)0x20;
}
