using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Taskmon.Hosting;

/// <summary>
/// A range rule for an integer or TimeSpan setting whose message is the given one (naming the configuration
/// key), with <c>{1}</c> and <c>{2}</c> the bounds. <see cref="RangeAttribute"/> is not used: the options
/// validation generator replaces it with a copy that keeps its own message, and its TimeSpan form needs type
/// converters that are not trim-safe.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SettingRangeAttribute : ValidationAttribute
{
    private readonly IComparable _minimum;
    private readonly IComparable _maximum;

    public SettingRangeAttribute(int minimum, int maximum)
    {
        _minimum = minimum;
        _maximum = maximum;
    }

    /// <summary>A TimeSpan range, bounds in the invariant TimeSpan format (<c>00:00:00.050</c>, <c>7.00:00:00</c>).</summary>
    public SettingRangeAttribute(string minimum, string maximum)
    {
        _minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        _maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    public override bool IsValid(object? value) =>
        value is not IComparable comparable || value.GetType() != _minimum.GetType()
        || (comparable.CompareTo(_minimum) >= 0 && comparable.CompareTo(_maximum) <= 0);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, _minimum, _maximum);
}
