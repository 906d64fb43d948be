using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests;

public class ComposeFileTests
{
    private const string Yaml = """
        services:
          load-balancer:
            image: haproxy:2.6
            deploy:
              resources:
                limits:
                  cpus: "0.3"
                  memory: "40MB"
          api1:
            environment:
              INSTANCE_ID: api1
              DEFAULT_PROCESSOR_FEE: ${DEFAULT_PROCESSOR_FEE:-0.05}
              TUNING: "$${literal}"
            deploy:
              resources:
                limits:
                  cpus: 0.6
                  memory: 155M
          api2:
            environment:
              - INSTANCE_ID=api2
              - PEER_URL=http://unix:/sockets/api1.sock
        """;

    [Fact]
    public void Limits_ReadCpusAndMemoryInDockersUnits()
    {
        var compose = ComposeFile.Parse(new StringReader(Yaml));

        Assert.Equal(new ServiceLimits(0.3m, 40L * 1024 * 1024, "40MB"), compose.Limits("load-balancer"));
        Assert.Equal(new ServiceLimits(0.6m, 155L * 1024 * 1024, "155M"), compose.Limits("api1"));
        Assert.Equal(new ServiceLimits(null, null, null), compose.Limits("api2"));
        Assert.Equal(new ServiceLimits(null, null, null), compose.Limits("missing"));
    }

    [Fact]
    public void Environment_MappingAndListForms_AreReadWithInterpolation()
    {
        var compose = ComposeFile.Parse(new StringReader(Yaml));

        var api1 = compose.Environment("api1", name => name == "DEFAULT_PROCESSOR_FEE" ? "0.07" : null);
        var api1Default = compose.Environment("api1", _ => null);
        var api2 = compose.Environment("api2", _ => null);

        Assert.Equal("0.07", api1["DEFAULT_PROCESSOR_FEE"]);
        Assert.Equal("0.05", api1Default["DEFAULT_PROCESSOR_FEE"]);
        Assert.Equal("${literal}", api1["TUNING"]);
        Assert.Equal("api2", api2["INSTANCE_ID"]);
        Assert.Equal("http://unix:/sockets/api1.sock", api2["PEER_URL"]);
    }

    [Fact]
    public void RepositoryComposeFile_GivesEveryServiceOfTheStackItsLimits()
    {
        var compose = ComposeFile.Load(Path.Combine(Support.RepoPaths.Root, "deploy", "docker-compose.yml"));

        var total = 0m;
        foreach (var service in new[] { "api1", "api2" }.Append(compose.ServiceNames.First(n => n is "load-balancer" or "haproxy")))
        {
            var limits = compose.Limits(service);
            Assert.NotNull(limits.Cpus);
            Assert.NotNull(limits.MemoryBytes);
            total += limits.Cpus.Value;
        }

        Assert.True(total <= 1.5m, $"the stack's CPU limits add up to {total}");
    }

    [Fact]
    public void ServerSettings_CommandList_EachDashCPairInOrder()
    {
        var compose = ComposeFile.Parse(new StringReader("""
            services:
              db:
                command: ["postgres", "-c", "shared_buffers=16MB", "-cwork_mem=1MB", "-c", "max_connections=64", "-N", "10"]
              api1:
                command: "postgres -c shared_buffers=1GB"
            """));

        Assert.Equal(["shared_buffers=16MB", "work_mem=1MB", "max_connections=64"], compose.ServerSettings("db"));
        Assert.Empty(compose.ServerSettings("api1"));
        Assert.Empty(compose.ServerSettings("missing"));
    }

    [Fact]
    public void RepositoryPostgresComposeFile_TheDatabaseHasLimitsAndSettingsUpApplies()
    {
        var compose = ComposeFile.Load(Path.Combine(Support.RepoPaths.Root, "deploy", "docker-compose.postgres.yml"));

        var db = compose.Limits(PayRelay.Bench.Up.LocalPostgres.ComposeService);
        Assert.NotNull(db.Cpus);
        Assert.NotNull(db.MemoryBytes);
        Assert.Contains(compose.ServerSettings(PayRelay.Bench.Up.LocalPostgres.ComposeService), s => s.StartsWith("shared_buffers=", StringComparison.Ordinal));
        var total = compose.ServiceNames.Sum(n => compose.Limits(n).Cpus ?? 0m);
        Assert.True(total <= 1.5m, $"the stack's CPU limits add up to {total}");
    }

    [Theory]
    [InlineData("150MB", 150L * 1024 * 1024)]
    [InlineData("150M", 150L * 1024 * 1024)]
    [InlineData("150m", 150L * 1024 * 1024)]
    [InlineData("150MiB", 150L * 1024 * 1024)]
    [InlineData("0.5GB", 512L * 1024 * 1024)]
    [InlineData("512k", 512L * 1024)]
    [InlineData("1048576", 1048576L)]
    [InlineData("64 MB", 64L * 1024 * 1024)]
    public void MemorySize_DockerNotations_ParseToBytes(string text, long bytes)
    {
        Assert.Equal(bytes, MemorySize.ParseBytes(text));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("12XB")]
    [InlineData("")]
    public void MemorySize_Garbage_Throws(string text)
    {
        Assert.Throws<FormatException>(() => MemorySize.ParseBytes(text));
    }

    [Theory]
    [InlineData("${A}", "a")]
    [InlineData("${MISSING:-x}", "x")]
    [InlineData("${EMPTY:-x}", "x")]
    [InlineData("${EMPTY-x}", "")]
    [InlineData("$A/$$A", "a/$A")]
    public void ComposeInterpolation_ExpandsLikeCompose(string text, string expected)
    {
        var env = new Dictionary<string, string> { ["A"] = "a", ["EMPTY"] = string.Empty };

        Assert.Equal(expected, ComposeInterpolation.Expand(text, env.GetValueOrDefault));
    }
}
