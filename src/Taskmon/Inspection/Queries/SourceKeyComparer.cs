namespace Taskmon.Inspection;

/// <summary>
/// Equality for code-site keys (source paths, operation names), with or without a line. The hash covers the length
/// and the last 16 characters only (where paths and names differ), not a whole 60-character path on every task start;
/// these keys come from the app's own code, so a crafted collision is no concern. Equal references short-circuit:
/// caller-information paths are interned literals.
/// </summary>
internal sealed class SourceKeyComparer : IEqualityComparer<string>, IEqualityComparer<(string Key, int Line)>
{
    public static readonly SourceKeyComparer Instance = new();

    private SourceKeyComparer()
    {
    }

    public bool Equals(string? x, string? y) => ReferenceEquals(x, y) || string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string key) =>
        HashCode.Combine(key.Length, string.GetHashCode(key.AsSpan(Math.Max(0, key.Length - 16)), StringComparison.Ordinal));

    public bool Equals((string Key, int Line) x, (string Key, int Line) y) => x.Line == y.Line && Equals(x.Key, y.Key);

    public int GetHashCode((string Key, int Line) site) => HashCode.Combine(GetHashCode(site.Key), site.Line);
}
