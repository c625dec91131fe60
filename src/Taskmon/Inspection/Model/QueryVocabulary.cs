using Taskmon.Hosting;

namespace Taskmon.Inspection;

/// <summary>
/// The one query vocabulary of every front end: the words for sort keys, origins, outcomes and stack modes, and the
/// page bounds. The terminal's <c>ps</c>/<c>ps-terminated</c>/<c>tracking</c> options, the web API's query parameters
/// and the <c>taskmon</c> client all read these, so a word or a limit means the same everywhere.
/// </summary>
/// <remarks>
/// One page holds at most <see cref="MaxLimit"/> items (about 1.5 MB of JSON): a page is built inside the monitored
/// app, on its threads, so its cost is bounded whatever the operator asks, yet one page still holds more rows than a
/// screen or a script reading a busy app usually needs. Longer lists are read page by page with an offset; every page
/// says how many items match in total. The default page (<see cref="DefaultLimit"/>) fits a screen and a web page.
/// </remarks>
public static class QueryVocabulary
{
    /// <summary>Items in a page when no limit is given: 100.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most items in one page: 10,000.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Live task sort keys: <c>id</c>, <c>age</c>, <c>name</c>, <c>state</c>, <c>busy</c>.</summary>
    public static Vocabulary<TaskSortKey> TaskSorts { get; } = new(
    [
        (TaskSortKey.Id, "id"),
        (TaskSortKey.Age, "age"),
        (TaskSortKey.Name, "name"),
        (TaskSortKey.State, "state"),
        (TaskSortKey.Busy, "busy"),
    ]);

    /// <summary>Termination history sort keys: <c>ended</c> (alias <c>terminated</c>), <c>started</c>, <c>name</c>, <c>outcome</c>, <c>duration</c>.</summary>
    public static Vocabulary<TerminatedSortKey> TerminatedSorts { get; } = new(
    [
        (TerminatedSortKey.Terminated, "ended"),
        (TerminatedSortKey.Started, "started"),
        (TerminatedSortKey.Name, "name"),
        (TerminatedSortKey.Outcome, "outcome"),
        (TerminatedSortKey.Duration, "duration"),
    ],
    ("terminated", TerminatedSortKey.Terminated));

    /// <summary>Task origins: <c>explicit</c>, <c>discovered</c>.</summary>
    public static Vocabulary<TaskOrigin> Origins { get; } = new(
    [
        (TaskOrigin.Explicit, "explicit"),
        (TaskOrigin.Discovered, "discovered"),
    ]);

    /// <summary>Outcomes: <c>completed</c>, <c>cancelled</c> (alias <c>canceled</c>), <c>faulted</c>, <c>lost</c>.</summary>
    public static Vocabulary<TaskOutcome> Outcomes { get; } = new(
    [
        (TaskOutcome.Completed, "completed"),
        (TaskOutcome.Cancelled, "cancelled"),
        (TaskOutcome.Faulted, "faulted"),
        (TaskOutcome.Lost, "lost"),
    ],
    ("canceled", TaskOutcome.Cancelled));

    /// <summary>Discovery levels: <c>off</c>, <c>pending</c>, <c>full</c> (also written <c>on</c> or <c>true</c>; <c>false</c> is off).</summary>
    public static Vocabulary<DiscoveryLevel> DiscoveryLevels { get; } = new(
    [
        (DiscoveryLevel.Off, "off"),
        (DiscoveryLevel.Pending, "pending"),
        (DiscoveryLevel.Full, "full"),
    ],
    ("on", DiscoveryLevel.Full),
    ("true", DiscoveryLevel.Full),
    ("false", DiscoveryLevel.Off));

    /// <summary>Creation stack modes: <c>off</c>, <c>per-site</c> (also written <c>perSite</c>), <c>sampled</c>, <c>always</c>.</summary>
    public static Vocabulary<CreationStackMode> CreationStackModes { get; } = new(
    [
        (CreationStackMode.Off, "off"),
        (CreationStackMode.PerSite, "per-site"),
        (CreationStackMode.Sampled, "sampled"),
        (CreationStackMode.Always, "always"),
    ]);

    /// <summary>Whether a page size is allowed: from 1 to <see cref="MaxLimit"/>.</summary>
    /// <param name="limit">The requested page size.</param>
    /// <returns>True when it is in bounds.</returns>
    public static bool IsValidLimit(int limit) => limit is >= 1 and <= MaxLimit;
}
