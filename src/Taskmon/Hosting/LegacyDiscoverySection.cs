using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Taskmon.Hosting;

/// <summary>
/// The <c>Taskmon</c> section as the options binder sees it: <c>"Discovery": true</c> / <c>false</c>, from when
/// discovery was a switch, read as <c>Full</c> / <c>Off</c>; every other key and value passes through unchanged.
/// </summary>
internal sealed class LegacyDiscoverySection(IConfigurationSection inner) : IConfigurationSection
{
    private const string Key = nameof(TaskmonOptions.Discovery);

    public string? this[string key]
    {
        get => string.Equals(key, Key, StringComparison.OrdinalIgnoreCase) ? Translate(inner[key]) : inner[key];
        set => inner[key] = value;
    }

    string IConfigurationSection.Key => inner.Key;

    public string Path => inner.Path;

    public string? Value
    {
        get => inner.Value;
        set => inner.Value = value;
    }

    public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren();

    public IChangeToken GetReloadToken() => inner.GetReloadToken();

    public IConfigurationSection GetSection(string key) => inner.GetSection(key);

    /// <summary><c>true</c> → Full, <c>false</c> → Off; anything else as it is (the binder reports a bad level).</summary>
    internal static string? Translate(string? value) =>
        bool.TryParse(value, out var on) ? (on ? nameof(DiscoveryLevel.Full) : nameof(DiscoveryLevel.Off)) : value;
}
