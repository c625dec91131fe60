using PublicApiGenerator;
using Shouldly;

namespace Taskmon.Web.Tests;

[Trait("tier", "fast")]
public sealed class PublicApiTests
{
    /// <summary>
    /// The package's public surface (server, options, hosting extension) is a contract: a change must be
    /// deliberate. On a change, review Taskmon.Web.received.txt and copy it over Taskmon.Web.approved.txt.
    /// </summary>
    [Fact]
    public void ThePublicApiHasNotChangedUnexpectedly()
    {
        var api = typeof(TaskmonWebServer).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute", "System.Runtime.CompilerServices.InternalsVisibleToAttribute"],
        });

        api.ShouldMatchApproved(options => options
            .NoDiff()
            .WithFilenameGenerator(static (_, _, type, extension) => $"Taskmon.Web.{type}.{extension}"));
    }
}
