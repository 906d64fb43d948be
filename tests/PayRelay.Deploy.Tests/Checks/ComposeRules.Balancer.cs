namespace PayRelay.Deploy.Tests.Checks;

public enum BalancerKind
{
    Haproxy,
    Nginx,
}

public static partial class ComposeRules
{
    /// <summary>PayRelay.Server's MAX_CONNECTIONS when the environment does not set it (ServerOptions.MaxConnections).</summary>
    public const int DefaultInstanceConnections = 1024;

    /// <summary>The fewest connections any instance serves at once: the cap the balancer must stay under.</summary>
    public static int InstanceConnections(ComposeFile compose) =>
        compose.Instances.Select(i => int.TryParse(i.Environment.GetValueOrDefault("MAX_CONNECTIONS"), out var value) ? value : DefaultInstanceConnections)
            .DefaultIfEmpty(DefaultInstanceConnections).Min();

    /// <summary>Which load balancer an image runs and where that image reads its configuration.</summary>
    public static (BalancerKind Kind, string ConfigPath)? BalancerOf(ComposeService service)
    {
        var image = service.Scalar("image") ?? "";
        var repository = image.Split(':')[0].Split('/')[^1];
        return repository switch
        {
            "haproxy" => (BalancerKind.Haproxy, "/usr/local/etc/haproxy/haproxy.cfg"),
            "nginx" => (BalancerKind.Nginx, "/etc/nginx/nginx.conf"),
            _ => null,
        };
    }

    /// <summary>The host file mounted as the balancer's configuration, or null.</summary>
    public static string? ConfigFileOf(ComposeFile compose, ComposeService balancer)
    {
        var target = BalancerOf(balancer)?.ConfigPath;
        var source = balancer.Mounts.FirstOrDefault(m => m.Target == target).Source;
        return string.IsNullOrEmpty(source) ? null : Path.GetFullPath(Path.Combine(compose.Directory, source));
    }

    private static void CheckBalancers(ComposeFile compose, List<Violation> violations)
    {
        foreach (var balancer in compose.Balancers)
        {
            var missing = compose.Instances.Select(i => i.Name).Except(balancer.DependsOn).ToList();
            if (missing.Count > 0)
            {
                violations.Add(new(Rules.BalancerDependsOn, $"{balancer.Name}: must depend on every instance, misses [{string.Join(", ", missing)}]"));
            }

            if (BalancerOf(balancer) is not { } kind)
            {
                violations.Add(new(Rules.BalancerConfig, $"{balancer.Name}: image '{balancer.Scalar("image")}' is neither haproxy nor nginx"));
            }
            else if (ConfigFileOf(compose, balancer) is not { } file || !File.Exists(file))
            {
                violations.Add(new(Rules.BalancerConfig, $"{balancer.Name}: must mount its configuration file from deploy/ at {kind.ConfigPath}"));
            }
        }
    }
}
