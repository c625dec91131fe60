namespace Taskmon.Inspection;

/// <summary>
/// The words that name the values of one enum in every front end (terminal options, web query parameters, the client):
/// one lower-case, hyphenated name per value, plus a few older spellings accepted as aliases.
/// </summary>
/// <typeparam name="T">The enum named.</typeparam>
/// <remarks>
/// Matching ignores case, <c>-</c> and <c>_</c>, so <c>per-site</c>, <c>perSite</c> and <c>PER_SITE</c> are one word:
/// a URL written from the JSON (which spells enum values as C# names) and a command typed in a shell both work.
/// </remarks>
public sealed class Vocabulary<T>
    where T : struct, Enum
{
    private readonly (string Key, T Value)[] _words;
    private readonly (T Value, string Name)[] _names;

    internal Vocabulary((T Value, string Name)[] names, params (string Alias, T Value)[] aliases)
    {
        _names = names;
        Names = Array.ConvertAll(names, static n => n.Name);
        _words = [.. names.Select(static n => (Key(n.Name), n.Value)), .. aliases.Select(static a => (Key(a.Alias), a.Value))];
    }

    /// <summary>The names, one per value, in the order a help text lists them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The names joined for a message: <c>id, age, name, state or busy</c>.</summary>
    public string Choices => Names.Count == 1 ? Names[0] : string.Join(", ", Names.Take(Names.Count - 1)) + " or " + Names[^1];

    /// <summary>Reads a name or an alias; false for anything else (including null and empty).</summary>
    /// <param name="text">What the user wrote.</param>
    /// <param name="value">The value named, or default.</param>
    /// <returns>Whether <paramref name="text"/> names a value.</returns>
    public bool TryParse(string? text, out T value)
    {
        if (!string.IsNullOrEmpty(text) && text.Length <= 40)
        {
            var key = Key(text);
            foreach (var (word, candidate) in _words)
            {
                if (word == key)
                {
                    value = candidate;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>The name of a value.</summary>
    /// <param name="value">A value of <typeparamref name="T"/>.</param>
    /// <returns>Its name in this vocabulary.</returns>
    public string NameOf(T value)
    {
        foreach (var (candidate, name) in _names)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "not a named value");
    }

    private static string Key(string text) =>
        string.Concat(text.Where(static c => c is not ('-' or '_')).Select(char.ToLowerInvariant));
}
