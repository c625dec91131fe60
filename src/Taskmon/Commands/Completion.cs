namespace Taskmon.Commands;

/// <summary>TAB completion candidates for the word that starts at <see cref="Start"/>.</summary>
internal readonly record struct Completion(int Start, IReadOnlyList<string> Items);
