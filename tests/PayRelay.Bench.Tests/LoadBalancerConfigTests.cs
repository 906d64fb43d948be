using PayRelay.Bench.Tests.Support;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests;

public class LoadBalancerConfigTests
{
    [Fact]
    public void RewriteNginx_RepositoryConfig_PointsAtTheSocketDirectoryAndPort()
    {
        var original = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "nginx.conf"));

        var rewritten = LoadBalancerConfig.RewriteNginx(original, "/tmp/stack/sockets", 19999);

        Assert.DoesNotContain("unix:/sockets/", rewritten, StringComparison.Ordinal);
        Assert.Contains("unix:/tmp/stack/sockets/api1.sock", rewritten, StringComparison.Ordinal);
        Assert.Contains("unix:/tmp/stack/sockets/api2.sock", rewritten, StringComparison.Ordinal);
        Assert.Matches(@"listen\s+19999\b", rewritten);
        Assert.DoesNotMatch(@"listen\s+9999\b", rewritten);
    }

    [Fact]
    public void RewriteNginx_DirectivesTheCommandLineSets_AreDropped()
    {
        const string config = "user www-data;\npid /run/nginx.pid;\ndaemon on;\nworker_processes 1;\nhttp { server { listen 127.0.0.1:9999; } }\n";

        var rewritten = LoadBalancerConfig.RewriteNginx(config, "/s", 8080);

        Assert.Equal("worker_processes 1;\nhttp { server { listen 127.0.0.1:8080; } }\n", rewritten);
    }

    [Fact]
    public void Haproxy_TakesSocketDirectoryAndBindFromTheEnvironment()
    {
        var spec = LoadBalancerConfig.Haproxy("/usr/sbin/haproxy", "/repo/deploy/haproxy.cfg", "/tmp/s", 19999);

        Assert.Equal(["-f", "/repo/deploy/haproxy.cfg", "-db"], spec.Arguments);
        Assert.Equal("/tmp/s", spec.Environment["SOCKET_DIR"]);
        Assert.Equal(":19999", spec.Environment["LB_BIND"]);
    }

    [Fact]
    public void RepositoryHaproxyConfig_ReadsTheVariablesUpSets()
    {
        var config = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "haproxy.cfg"));

        Assert.Contains("${SOCKET_DIR", config, StringComparison.Ordinal);
        Assert.Contains("${LB_BIND", config, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void RewriteHaproxyServers_PostgresConfig_HasOneServerPerInstanceInTheBackend(int instances)
    {
        var original = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "haproxy.postgres.cfg"));

        var rewritten = LoadBalancerConfig.RewriteHaproxyServers(original, instances);

        var servers = rewritten.Split('\n').Where(l => l.TrimStart().StartsWith("server ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(Enumerable.Range(1, instances).Select(i => $"server api{i} \"${{SOCKET_DIR-/sockets}}/api{i}.sock\"").ToList(), servers);
        Assert.Contains("balance roundrobin", rewritten, StringComparison.Ordinal);
        // The servers stay in the backend: after its default-server line, at the end of the file.
        Assert.True(rewritten.IndexOf("default-server", StringComparison.Ordinal) < rewritten.IndexOf("server api1 ", StringComparison.Ordinal));
    }

    [Fact]
    public void RewriteHaproxyServers_NoServerLine_SaysSo()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LoadBalancerConfig.RewriteHaproxyServers("backend x\n  balance roundrobin\n", 2));

        Assert.Contains("server apiN", error.Message, StringComparison.Ordinal);
    }
}
