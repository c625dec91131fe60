using Microsoft.Extensions.Options;
using Taskmon.Hosting;

namespace Taskmon.Web.Hosting;

/// <summary>
/// Every rule for <see cref="TaskmonWebOptions"/>: the generated range checks and the listener rule the
/// terminal uses too. <c>AddTaskmonWeb</c> runs it at host start, <see cref="TaskmonWebServer.Start"/> before binding.
/// </summary>
internal sealed class TaskmonWebOptionsValidation : IValidateOptions<TaskmonWebOptions>
{
    private static readonly TaskmonWebOptionsValidator Ranges = new();

    public ValidateOptionsResult Validate(string? name, TaskmonWebOptions options) =>
        OptionsChecks.Combine(
            Ranges.Validate(name, options),
            ListenerRules.Problems(TaskmonWebServiceCollectionExtensions.SectionName, options.Address, options.AllowRemote, options.Token));

    public static void ThrowIfInvalid(TaskmonWebOptions options) => OptionsChecks.ThrowIfInvalid(new TaskmonWebOptionsValidation(), options);
}
