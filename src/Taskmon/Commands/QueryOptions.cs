using System.CommandLine;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary>Terminal options spelled from the core's <see cref="QueryVocabulary"/>, so <c>ps</c> and the web API take the same words and bounds.</summary>
internal static class QueryOptions
{
    /// <summary>An option whose value is a word of <paramref name="words"/>; anything else is a usage error listing the words.</summary>
    public static Option<T?> Choice<T>(string name, string? alias, Vocabulary<T> words, string description)
        where T : struct, Enum
    {
        Option<T?> option = alias is null ? new(name) : new(name, alias);
        option.Description = $"{description}: {words.Choices}";
        option.HelpName = "word";
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            if (words.TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"{name} must be {words.Choices}, not '{Printable(text)}'");
            return null;
        };
        option.CompletionSources.Add([.. words.Names]);
        return option;
    }

    /// <summary><c>--limit</c>/<c>-n</c>: page size, default and bounds from <see cref="QueryVocabulary"/>.</summary>
    public static Option<int> Limit(string what)
    {
        var option = new Option<int>("--limit", "-n")
        {
            Description = $"Show at most N {what} (1 to {QueryVocabulary.MaxLimit}; default {QueryVocabulary.DefaultLimit})",
            DefaultValueFactory = _ => QueryVocabulary.DefaultLimit,
        };
        option.Validators.Add(result =>
        {
            if (!QueryVocabulary.IsValidLimit(result.GetValueOrDefault<int>()))
            {
                result.AddError($"--limit must be from 1 to {QueryVocabulary.MaxLimit}");
            }
        });
        return option;
    }

    /// <summary><c>--offset</c>: items to skip, for reading a long list page by page.</summary>
    public static Option<int> Offset(string what)
    {
        var option = new Option<int>("--offset") { Description = $"Skip the first N {what}" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--offset must be 0 or more");
            }
        });
        return option;
    }

    private static string Printable(string text) =>
        string.Concat(text.Take(40).Select(static c => char.IsControl(c) ? '?' : c));
}
