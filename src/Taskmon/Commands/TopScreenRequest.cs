using System.Text.Json.Serialization;

namespace Taskmon.Commands;

/// <summary>
/// <c>top</c> in a terminal that can redraw: the session switches to the full-screen view instead of printing a
/// result. <paramref name="EndSession"/> (<c>--exit</c>, what <c>taskmon top</c> sends) ends the session when it quits.
/// </summary>
internal sealed record TopScreenRequest(
    TimeSpan Delay,
    bool EndSession,
    bool PersistentOnly,
    [property: JsonIgnore] TaskMonitor Monitor) : CommandResult;
