using System.Reflection;

namespace TestTiers;

/// <summary>
/// Every test in this assembly has exactly one tier, set with <c>[Trait("tier", "...")]</c> on its class:
/// <c>fast</c> (in memory: no sockets, no processes), <c>system</c> (real sockets and processes) or <c>slow</c>
/// (browser, pseudo-terminal, Native AOT publishes, packages, big-data pipes). <c>scripts/test --fast</c> runs the
/// first only; a test without a tier would silently drop out of it, so this test fails instead.
/// Linked into every test project by Directory.Build.targets.
/// </summary>
[Xunit.Trait("tier", "fast")]
public sealed class TierTests
{
    private static readonly string[] Tiers = ["fast", "system", "slow"];

    [Xunit.Fact]
    public void Every_test_has_exactly_one_known_tier()
    {
        var problems = new List<string>();
        foreach (var type in typeof(TierTests).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
            {
                if (!method.GetCustomAttributes<Xunit.FactAttribute>(inherit: true).Any())
                {
                    continue;
                }
                var tiers = TiersOf(type).Concat(TiersOf(method)).ToList();
                if (tiers.Count != 1 || !Tiers.Contains(tiers[0]))
                {
                    var found = tiers.Count == 0 ? "none" : string.Join(", ", tiers);
                    problems.Add($"{type.FullName}.{method.Name}: tier {found}");
                }
            }
        }
        Xunit.Assert.True(
            problems.Count == 0,
            $"Each test needs exactly one [Trait(\"tier\", \"fast|system|slow\")] (on its class):{Environment.NewLine}" +
            string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<string> TiersOf(MemberInfo member) =>
        member.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(Xunit.TraitAttribute) && a.ConstructorArguments.Count == 2)
            .Where(a => string.Equals(a.ConstructorArguments[0].Value as string, "tier", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.ConstructorArguments[1].Value as string ?? "");
}
