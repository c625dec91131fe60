using PublicApiGenerator;
using Shouldly;

namespace Taskmon.Tests;

[Trait("tier", "fast")]
public sealed class PublicApiTests
{
    /// <summary>
    /// The public surface is a contract with the terminal, web and CLI front ends and with users: a change here must be
    /// deliberate. On a change, review Taskmon.received.txt and copy it over Taskmon.approved.txt.
    /// </summary>
    [Fact]
    public void The_public_api_has_not_changed_unexpectedly()
    {
        var api = typeof(TaskMonitor).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute", "System.Runtime.CompilerServices.InternalsVisibleToAttribute"],
        });

        api.ShouldMatchApproved(options => options
            .NoDiff()
            .WithFilenameGenerator(static (_, _, type, extension) => $"Taskmon.{type}.{extension}"));
    }
}
