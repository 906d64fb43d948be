using PayRelay.Deploy.Tests.Checks;

namespace PayRelay.Deploy.Tests;

/// <summary>
/// Each rule really catches a broken file: a mutated copy of the repository's compose file is fed
/// to the same checker, which must report the rule the mutation breaks.
/// </summary>
public class ComposeMutationTests
{
    public static TheoryData<string, string> Mutations()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "docker-compose.yml", "docker-compose.nginx.yml" })
        {
            foreach (var name in ComposeMutations.All.Keys)
            {
                data.Add(file, name);
            }
        }

        foreach (var name in ComposeMutations.HaproxyOnly.Keys)
        {
            data.Add("docker-compose.yml", name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Check_MutatedComposeFile_ReportsTheBrokenRule(string file, string mutation)
    {
        var compose = ComposeFile.Load(Path.Combine(RepoPaths.Deploy, file));
        var (rule, apply) = ComposeMutations.All.TryGetValue(mutation, out var found) ? found : ComposeMutations.HaproxyOnly[mutation];
        Assert.DoesNotContain(DeploymentRules.Check(compose), v => v.Rule == rule);

        apply(compose);
        var violations = DeploymentRules.Check(compose);

        Assert.True(violations.Any(v => v.Rule == rule), $"'{mutation}' should break {rule}; reported: [{string.Join("; ", violations)}]");
    }

    [Fact]
    public void Mutations_CoverEveryComposeRule()
    {
        var composeRules = typeof(Rules).GetFields().Select(f => (string)f.GetValue(null)!).Where(r => !r.StartsWith("lb.", StringComparison.Ordinal));

        var covered = ComposeMutations.All.Values.Select(m => m.Rule).ToHashSet();

        Assert.Empty(composeRules.Except(covered));
    }
}
