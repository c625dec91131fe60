using System.Globalization;
using Taskmon.Inspection;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

/// <summary>Typed, validated access to query parameters; anything malformed becomes a 400 naming the parameter.</summary>
internal sealed class QueryParameters
{
    private readonly HttpRequest _request;
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase) { "token" };

    public QueryParameters(HttpRequest request) => _request = request;

    public string? String(string name, int maxLength = 200)
    {
        _known.Add(name);
        if (!_request.Query.TryGetValue(name, out var value) || value.Length == 0)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            throw ApiException.BadRequest($"parameter '{name}' is longer than {maxLength} characters");
        }

        return value;
    }

    public int Int(string name, int defaultValue, int min, int max)
    {
        var raw = String(name, 20);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ApiException.BadRequest($"parameter '{name}' must be an integer from {min} to {max}, not '{raw}'");
        }

        return value;
    }

    public bool? Bool(string name)
    {
        var raw = String(name, 10);
        return raw?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" or "on" or "yes" => true,
            "false" or "0" or "off" or "no" => false,
            _ => throw ApiException.BadRequest($"parameter '{name}' must be true or false, not '{raw}'"),
        };
    }

    /// <summary>A word of the core's vocabulary; null when absent (or, where <paramref name="allowAll"/>, when it is <c>all</c>).</summary>
    public T? Choice<T>(string name, Vocabulary<T> words, bool allowAll = false)
        where T : struct, Enum
    {
        var raw = String(name, 40);
        if (raw is null || (allowAll && raw.Equals("all", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (words.TryParse(raw, out var value))
        {
            return value;
        }

        throw ApiException.BadRequest($"parameter '{name}' must be {(allowAll ? "all, " : "")}{words.Choices}, not '{raw}'");
    }

    /// <summary><c>offset</c> and <c>limit</c>, with the core's default and bounds.</summary>
    public (int Offset, int Limit) Page() =>
        (Int("offset", 0, 0, int.MaxValue), Int("limit", QueryVocabulary.DefaultLimit, 1, QueryVocabulary.MaxLimit));

    /// <summary>Refuses parameters the endpoint does not know, so a typo does not silently return everything.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _request.Query.Keys)
        {
            if (!_known.Contains(name))
            {
                throw ApiException.BadRequest($"unknown parameter '{name}' (known: {string.Join(", ", _known.Where(k => k != "token"))})");
            }
        }
    }
}
