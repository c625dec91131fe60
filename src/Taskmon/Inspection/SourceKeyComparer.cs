namespace Taskmon.Inspection;

/// <summary>
/// Equality for code-site keys (source paths, operation names), with or without a line. These keys come from the
/// app's own code, never from outside input, so the hash needs no randomization: it mixes the length and the last 16
/// characters (where paths and names differ) instead of hashing a 60-character path on every task start. Equal
/// references short-circuit: caller-information paths are interned literals.
/// </summary>
internal sealed class SourceKeyComparer : IEqualityComparer<string>, IEqualityComparer<(string Key, int Line)>
{
    public static readonly SourceKeyComparer Instance = new();

    private SourceKeyComparer()
    {
    }

    public bool Equals(string? x, string? y) => ReferenceEquals(x, y) || string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string key)
    {
        var hash = new HashCode();
        hash.Add(key.Length);
        var tail = key.AsSpan(Math.Max(0, key.Length - 16));
        foreach (var c in tail)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    public bool Equals((string Key, int Line) x, (string Key, int Line) y) => x.Line == y.Line && Equals(x.Key, y.Key);

    public int GetHashCode((string Key, int Line) site) => HashCode.Combine(GetHashCode(site.Key), site.Line);
}
