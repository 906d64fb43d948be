namespace PayRelay.Deploy.Tests;

/// <summary>Paths in the repository, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string Compose => Path.Combine(Deploy, "docker-compose.yml");

    public static string NginxCompose => Path.Combine(Deploy, "docker-compose.nginx.yml");

    public static string HaproxyConfig => Path.Combine(Deploy, "haproxy.cfg");

    public static string NginxConfig => Path.Combine(Deploy, "nginx.conf");

    public static string Dockerfile => Path.Combine(Deploy, "Dockerfile");

    public static string PublishScript => Path.Combine(Root, "scripts", "publish.sh");

    public static string Monitoring => Path.Combine(Deploy, "monitoring");

    public static string PrometheusConfig => Path.Combine(Monitoring, "prometheus.yml");

    public static string MetricsProxyConfig => Path.Combine(Monitoring, "metrics-proxy.conf");

    public static string Dashboard => Path.Combine(Monitoring, "grafana", "dashboards", "payrelay.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PayRelay.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no PayRelay.slnx above {AppContext.BaseDirectory}");
    }
}
