using Microsoft.Extensions.Options;

namespace Taskmon.Web.Hosting;

/// <summary>The range rules written as attributes on <see cref="TaskmonWebOptions"/>, checked by generated code (AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class TaskmonWebOptionsValidator : IValidateOptions<TaskmonWebOptions>
{
}
