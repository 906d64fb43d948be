using PayRelay.Deploy.Tests.Checks;
using PayRelay.Deploy.Tests.Live;

namespace PayRelay.Deploy.Tests;

/// <summary>deploy/nginx.conf: valid for nginx, and consistent with docker-compose.nginx.yml.</summary>
public class NginxConfigTests
{
    private static IReadOnlySet<string> Sockets =>
        ComposeFile.Load(RepoPaths.NginxCompose).InstanceSockets.Values.OfType<string>().ToHashSet();

    public static readonly TheoryData<string, string, string, string> Mutations = new()
    {
        { "internal location removed", "location ~* (^|/)internal(/|$)", "location ~* ^/private/", Rules.LbInternal },
        { "internal answers 404", "return 403", "return 404", Rules.LbInternal },
        { "api1 socket renamed", "unix:/sockets/api1.sock", "unix:/sockets/other.sock", Rules.LbSockets },
        { "proxied elsewhere", "proxy_pass http://payrelay_instances;", "proxy_pass http://127.0.0.1:8080;", Rules.LbSockets },
        { "no hash", "    hash $payrelay_correlation_id;\n", "", Rules.LbAffinity },
        { "hash on the whole body", "hash $payrelay_correlation_id;", "hash $request_uri;", Rules.LbAffinity },
        { "any spelling hashed", "(?<cid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", "(?<cid>[^\\\"]*)", Rules.LbAffinity },
        { "case ignored", "\"~\\\"correlationId", "\"~*\\\"correlationId", Rules.LbAffinity },
        { "listens on 8080", "listen 9999", "listen 8080", Rules.LbPort },
        { "503 not retried", "proxy_next_upstream error http_503 non_idempotent;", "proxy_next_upstream error;", Rules.LbHealthCheck },
        { "timeouts retried", "proxy_next_upstream error http_503 non_idempotent;", "proxy_next_upstream error timeout http_503 non_idempotent;", Rules.LbHealthCheck },
        { "503s take an instance out", "api1.sock max_fails=0", "api1.sock max_fails=1", Rules.LbHealthCheck },
        { "logs requests", "access_log off;", "access_log /dev/stdout;", Rules.LbLogging },
        { "api2 uncapped", "api2.sock max_fails=0 max_conns=512;", "api2.sock max_fails=0;", Rules.LbMaxConn },
        { "servers capped above the instances", "max_conns=512", "max_conns=4096", Rules.LbMaxConn },
    };

    /// <summary>nginx itself accepts the file once its literal paths point somewhere real.</summary>
    [SkippableFact]
    public async Task NginxTest_RepositoryConfig_Valid()
    {
        var directory = Directory.CreateTempSubdirectory("payrelay-nginx-").FullName;
        try
        {
            var config = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(config, NginxStack.Localize(await File.ReadAllTextAsync(RepoPaths.NginxConfig), directory, 9999));

            var result = await Tools.RunAsync(Tools.Require("nginx"), ["-t", "-p", directory, "-c", config, "-g", $"pid {directory}/nginx.pid;"]);

            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Check_RepositoryConfig_NoViolation()
    {
        var violations = NginxRules.Check(File.ReadAllText(RepoPaths.NginxConfig), Sockets);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Check_MutatedConfig_ReportsTheBrokenRule(string mutation, string find, string replace, string rule)
    {
        var text = File.ReadAllText(RepoPaths.NginxConfig);
        Assert.Contains(find, text, StringComparison.Ordinal);

        var violations = NginxRules.Check(text.Replace(find, replace, StringComparison.Ordinal), Sockets);

        Assert.True(violations.Any(v => v.Rule == rule), $"'{mutation}' should break {rule}; reported: [{string.Join("; ", violations)}]");
    }
}
