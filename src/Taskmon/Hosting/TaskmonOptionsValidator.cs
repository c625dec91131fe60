using Microsoft.Extensions.Options;

namespace Taskmon.Hosting;

/// <summary>The range rules written as attributes on <see cref="TaskmonOptions"/> and its <c>Terminal</c>, checked by generated code (no reflection; AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class TaskmonOptionsValidator : IValidateOptions<TaskmonOptions>
{
}
