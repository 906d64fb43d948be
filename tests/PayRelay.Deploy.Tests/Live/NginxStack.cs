namespace PayRelay.Deploy.Tests.Live;

/// <summary>
/// deploy/nginx.conf with its literal /sockets/ and port 9999 replaced by the test's own, as a
/// native run does (nginx expands no environment variables).
/// </summary>
public sealed class NginxStack : BalancerStack
{
    public static string Localize(string config, string socketDirectory, int port)
    {
        var localized = config.Replace("unix:/sockets/", $"unix:{socketDirectory}/", StringComparison.Ordinal)
            .Replace("listen 9999", $"listen 127.0.0.1:{port}", StringComparison.Ordinal);
        Assert.DoesNotContain("unix:/sockets/", localized, StringComparison.Ordinal);
        Assert.Contains($"listen 127.0.0.1:{port}", localized, StringComparison.Ordinal);
        return localized;
    }

    protected override (string File, IEnumerable<string> Args, IDictionary<string, string> Environment) Balancer(string socketDirectory, int port)
    {
        var config = Path.Combine(socketDirectory, "nginx.conf");
        File.WriteAllText(config, Localize(File.ReadAllText(RepoPaths.NginxConfig), socketDirectory, port));
        return (Tools.Require("nginx"), ["-p", socketDirectory, "-c", config, "-g", $"daemon off; pid {socketDirectory}/nginx.pid;"], new Dictionary<string, string>());
    }
}
