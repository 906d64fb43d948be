using PayRelay.Deploy.Tests.Checks;
using YamlDotNet.RepresentationModel;

namespace PayRelay.Deploy.Tests;

/// <summary>The repository's compose files, and the configurations they mount, break no rule.</summary>
public class ComposeFileTests
{
    public static readonly TheoryData<string> ComposeFiles = new() { "docker-compose.yml", "docker-compose.nginx.yml" };

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void Check_RepositoryComposeFile_NoViolation(string file)
    {
        var violations = DeploymentRules.Check(ComposeFile.Load(Path.Combine(RepoPaths.Deploy, file)));

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void Limits_RepositoryComposeFile_UseTheWholeBudgetAtMost(string file)
    {
        var compose = ComposeFile.Load(Path.Combine(RepoPaths.Deploy, file));

        var cpus = compose.Services.Sum(s => decimal.Parse(s.Scalar("deploy", "resources", "limits", "cpus")!, System.Globalization.CultureInfo.InvariantCulture));
        var memory = compose.Services.Sum(s => ByteSize.TryParse(s.Scalar("deploy", "resources", "limits", "memory"), out var bytes) ? bytes : long.MaxValue / 4);

        Assert.Equal(1.5m, cpus);
        Assert.Equal(350 * ByteSize.MiB, memory);
        Assert.Equal(["api1", "api2"], compose.Instances.Select(s => s.Name));
        Assert.Equal(["load-balancer"], compose.Balancers.Select(s => s.Name));
    }

    [Fact]
    public void Balancers_TheTwoComposeFiles_HaproxyAndNginx()
    {
        var haproxy = ComposeFile.Load(RepoPaths.Compose);
        var nginx = ComposeFile.Load(RepoPaths.NginxCompose);

        Assert.Equal(BalancerKind.Haproxy, ComposeRules.BalancerOf(haproxy.Service("load-balancer"))?.Kind);
        Assert.Equal(RepoPaths.HaproxyConfig, ComposeRules.ConfigFileOf(haproxy, haproxy.Service("load-balancer")));
        Assert.Equal(BalancerKind.Nginx, ComposeRules.BalancerOf(nginx.Service("load-balancer"))?.Kind);
        Assert.Equal(RepoPaths.NginxConfig, ComposeRules.ConfigFileOf(nginx, nginx.Service("load-balancer")));
    }

    /// <summary>The nginx variant differs only in its balancer: the instances cannot drift apart.</summary>
    [Fact]
    public void Instances_NginxVariant_SameAsHaproxyVariant()
    {
        var haproxy = ComposeFile.Load(RepoPaths.Compose);
        var nginx = ComposeFile.Load(RepoPaths.NginxCompose);

        foreach (var name in new[] { "api1", "api2" })
        {
            Assert.Equal(Yaml.Serialize(haproxy.Service(name).Node), Yaml.Serialize(nginx.Service(name).Node));
        }

        Assert.Equal(Yaml.Serialize(Yaml.At(haproxy.Root, "volumes")!), Yaml.Serialize(Yaml.At(nginx.Root, "volumes")!));
        Assert.Equal(Yaml.Serialize(Yaml.At(haproxy.Root, "networks")!), Yaml.Serialize(Yaml.At(nginx.Root, "networks")!));
        Assert.Equal(Yaml.Serialize(Yaml.At(haproxy.Service("load-balancer").Node, "deploy")!), Yaml.Serialize(Yaml.At(nginx.Service("load-balancer").Node, "deploy")!));
    }

    /// <summary>Compose also accepts environment as a list and ports in the long syntax.</summary>
    [Fact]
    public void Check_ListEnvironmentAndLongPortSyntax_ReadTheSame()
    {
        var compose = ComposeFile.Load(RepoPaths.Compose);
        var api1 = compose.Service("api1");
        var list = new YamlSequenceNode(api1.Environment.Select(kv => new YamlScalarNode($"{kv.Key}={kv.Value}")));
        api1.Node.Children[new YamlScalarNode("environment")] = list;
        var port = new YamlMappingNode { { "target", "9999" }, { "published", "9999" }, { "protocol", "tcp" } };
        compose.Service("load-balancer").Node.Children[new YamlScalarNode("ports")] = new YamlSequenceNode(port);

        var violations = DeploymentRules.Check(compose);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.Equal("primary", compose.Service("api1").Environment["HEALTH_POLL"]);
    }
}
