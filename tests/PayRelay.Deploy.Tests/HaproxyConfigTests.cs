using PayRelay.Deploy.Tests.Checks;

namespace PayRelay.Deploy.Tests;

/// <summary>deploy/haproxy.cfg: valid for HAProxy, and consistent with docker-compose.yml.</summary>
public class HaproxyConfigTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load(RepoPaths.Compose);

    private static IReadOnlyDictionary<string, string> BalancerEnvironment => Compose.Service("load-balancer").Environment;

    private static IReadOnlySet<string> Sockets => Compose.InstanceSockets.Values.OfType<string>().ToHashSet();

    public static readonly TheoryData<string, string, string, string> Mutations = new()
    {
        { "deny rule removed", "  http-request deny deny_status 403", "  # http-request deny deny_status 403", Rules.LbInternal },
        { "deny answers 404", "deny_status 403", "deny_status 404", Rules.LbInternal },
        { "api2 socket renamed", "/api2.sock\"", "/api3.sock\"", Rules.LbSockets },
        { "server over TCP", "server api1 \"${SOCKET_DIR-/sockets}/api1.sock\"", "server api1 127.0.0.1:8080", Rules.LbSockets },
        { "body not buffered", "  option http-buffer-request", "", Rules.LbAffinity },
        { "round robin", "balance hash req.body,json_query('$.correlationId'),lower", "balance roundrobin", Rules.LbAffinity },
        { "case kept", "json_query('$.correlationId'),lower", "json_query('$.correlationId')", Rules.LbAffinity },
        { "listens on 8080", "${LB_BIND-:9999}", "${LB_BIND-:8080}", Rules.LbPort },
        { "checks /", "uri /healthz", "uri /", Rules.LbHealthCheck },
        { "servers unchecked", "default-server check ", "default-server ", Rules.LbHealthCheck },
        { "logs requests", "  maxconn 4096", "  maxconn 4096\n  log stdout format raw local0", Rules.LbLogging },
        { "servers uncapped", " maxconn 512", "", Rules.LbMaxConn },
        { "servers capped above the instances", "maxconn 512", "maxconn 1024", Rules.LbMaxConn },
    };

    /// <summary>HAProxy itself accepts the file with compose's SOCKET_DIR.</summary>
    [SkippableFact]
    public async Task HaproxyCheck_RepositoryConfig_Valid()
    {
        var result = await Tools.RunAsync(Tools.Require("haproxy"), ["-c", "-f", RepoPaths.HaproxyConfig], new Dictionary<string, string>(BalancerEnvironment));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Parse_RepositoryConfig_ExpandsSocketDirAndBindDefaults()
    {
        var lines = HaproxyConfig.Parse(File.ReadAllText(RepoPaths.HaproxyConfig), new Dictionary<string, string> { ["SOCKET_DIR"] = "/run/x" });

        Assert.Equal(["/run/x/api1.sock", "/run/x/api2.sock"], lines.Where(l => l.Words[0] == "server").Select(l => l.Words[2]));
        Assert.Equal(":9999", lines.Single(l => l.Words[0] == "bind").Words[1]);
    }

    [Fact]
    public void Check_RepositoryConfig_NoViolation()
    {
        var violations = HaproxyRules.Check(File.ReadAllText(RepoPaths.HaproxyConfig), BalancerEnvironment, Sockets);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Check_MutatedConfig_ReportsTheBrokenRule(string mutation, string find, string replace, string rule)
    {
        var text = File.ReadAllText(RepoPaths.HaproxyConfig);
        Assert.Contains(find, text, StringComparison.Ordinal);

        var violations = HaproxyRules.Check(text.Replace(find, replace, StringComparison.Ordinal), BalancerEnvironment, Sockets);

        Assert.True(violations.Any(v => v.Rule == rule), $"'{mutation}' should break {rule}; reported: [{string.Join("; ", violations)}]");
    }
}
