using PayRelay.Deploy.Tests.Checks;

namespace PayRelay.Deploy.Tests;

/// <summary>deploy/docker-compose.postgres.yml: inside the challenge's budget, every instance on the shared database, HAProxy over all of them.</summary>
public class PostgresComposeTests
{
    private static ComposeFile Load() => ComposeFile.Load(Path.Combine(RepoPaths.Deploy, "docker-compose.postgres.yml"));

    [Fact]
    public void Limits_PostgresComposeFile_DatabaseIncludedWithinTheBudget()
    {
        var compose = Load();

        var cpus = compose.Services.Sum(s => decimal.Parse(s.Scalar("deploy", "resources", "limits", "cpus")!, System.Globalization.CultureInfo.InvariantCulture));
        var memory = compose.Services.Sum(s => ByteSize.TryParse(s.Scalar("deploy", "resources", "limits", "memory"), out var bytes) ? bytes : long.MaxValue / 4);

        Assert.Contains(compose.Services, s => s.Name == "db");
        Assert.True(cpus <= ComposeRules.MaxCpus, $"cpus add up to {cpus}");
        Assert.True(memory <= ComposeRules.MaxMemoryBytes, $"memory adds up to {memory / (decimal)ByteSize.MiB} MB");
    }

    [Fact]
    public void Instances_PostgresComposeFile_ShareTheDatabaseAndKnowNoPeer()
    {
        var instances = Load().Services.Where(s => s.Name.StartsWith("api", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, instances.Count);
        Assert.All(instances, s =>
        {
            Assert.Equal("postgres", s.Scalar("environment", "STORE"));
            Assert.StartsWith("Host=db;", s.Scalar("environment", "POSTGRES_URL"), StringComparison.Ordinal);
            Assert.Null(s.Scalar("environment", "PEER_URL"));
        });
    }

    [Fact]
    public void Balancer_PostgresHaproxyConfig_RoundRobinOverEveryInstance()
    {
        var config = File.ReadAllText(Path.Combine(RepoPaths.Deploy, "haproxy.postgres.cfg"));

        Assert.Contains("balance roundrobin", config, StringComparison.Ordinal);
        Assert.DoesNotContain("balance hash", config, StringComparison.Ordinal);
        foreach (var name in new[] { "api1", "api2", "api3" })
        {
            Assert.Contains($"server {name} ", config, StringComparison.Ordinal);
        }
    }
}
