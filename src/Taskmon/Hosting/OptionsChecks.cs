using Microsoft.Extensions.Options;

namespace Taskmon.Hosting;

/// <summary>What the options validators of the monitor and of the web server share: combining rule sets and throwing for direct starts.</summary>
internal static class OptionsChecks
{
    /// <summary>The generated checks' result plus further <paramref name="problems"/>, as one result.</summary>
    public static ValidateOptionsResult Combine(ValidateOptionsResult generated, IEnumerable<string> problems)
    {
        var failures = generated.Failed ? new List<string>(generated.Failures) : [];
        failures.AddRange(problems);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every mistake, as a host's <c>ValidateOnStart</c> would.</summary>
    public static void ThrowIfInvalid<TOptions>(IValidateOptions<TOptions> validator, TOptions options)
        where TOptions : class
    {
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), result.Failures);
        }
    }
}
