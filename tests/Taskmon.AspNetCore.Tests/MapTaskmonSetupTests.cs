using Microsoft.AspNetCore.Builder;
using PublicApiGenerator;
using Shouldly;

namespace Taskmon.AspNetCore.Tests;

[Trait("tier", "fast")]
public sealed class MapTaskmonSetupTests
{
    [Fact]
    public async Task Without_AddTaskmon_MapTaskmon_says_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.MapTaskmon("/ops/taskmon"));
        Assert.Contains("AddTaskmon()", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The package's public surface is a contract: a change must be deliberate. On a change, review
    /// Taskmon.AspNetCore.received.txt and copy it over Taskmon.AspNetCore.approved.txt.
    /// </summary>
    [Fact]
    public void ThePublicApiHasNotChangedUnexpectedly()
    {
        var api = typeof(TaskmonEndpointRouteBuilderExtensions).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        });

        api.ShouldMatchApproved(options => options
            .NoDiff()
            .WithFilenameGenerator(static (_, _, type, extension) => $"Taskmon.AspNetCore.{type}.{extension}"));
    }
}
