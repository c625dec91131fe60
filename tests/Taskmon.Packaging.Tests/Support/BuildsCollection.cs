namespace Taskmon.Packaging.Tests.Support;

/// <summary>Publishing and packing both build src/Taskmon: they must not run at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BuildsCollection
{
    public const string Name = "dotnet builds";
}
