using Microsoft.Extensions.Options;

namespace Taskmon.Hosting;

/// <summary>
/// Every rule for <see cref="TaskmonOptions"/>: the generated range checks and the terminal's listener
/// rule. <c>AddTaskmon</c> runs it at host start (<c>ValidateOnStart</c>), <see cref="TaskMonitor.Start"/>
/// before creating the monitor; a mistake fails start-up with a message naming the key, never a silent clamp.
/// </summary>
internal sealed class TaskmonOptionsValidation : IValidateOptions<TaskmonOptions>
{
    private static readonly TaskmonOptionsValidator Ranges = new();

    public ValidateOptionsResult Validate(string? name, TaskmonOptions options) =>
        OptionsChecks.Combine(
            Ranges.Validate(name, options),
            options.Terminal.Enabled ? ListenerRules.Problems("Taskmon:Terminal", options.Terminal.Address, options.Terminal.AllowRemote, options.Terminal.Token) : []);

    public static void ThrowIfInvalid(TaskmonOptions options) => OptionsChecks.ThrowIfInvalid(new TaskmonOptionsValidation(), options);
}
