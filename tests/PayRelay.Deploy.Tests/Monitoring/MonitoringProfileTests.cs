using PayRelay.Deploy.Tests.Checks;
using YamlDotNet.RepresentationModel;

namespace PayRelay.Deploy.Tests.Monitoring;

/// <summary>
/// The monitoring profile (a metrics proxy, Prometheus, Grafana) is off by default in both compose files, leaves the
/// default services within the challenge's limits, and its pieces point at each other.
/// </summary>
public sealed class MonitoringProfileTests
{
    public const string Profile = "monitoring";

    [Theory]
    [MemberData(nameof(ComposeFileTests.ComposeFiles), MemberType = typeof(ComposeFileTests))]
    public void Services_EachComposeFile_MonitoringOnlyWhenAskedFor(string file)
    {
        var compose = ComposeFile.Load(Path.Combine(RepoPaths.Deploy, file));

        Assert.Equal(["load-balancer", "api1", "api2"], compose.Services.Select(s => s.Name));
        Assert.Equal(["metrics-proxy", "prometheus", "grafana"], compose.Profile(Profile).Select(s => s.Name));
        Assert.Equal(compose.Services.Count + compose.Profile(Profile).Count, compose.AllServices.Count);
        Assert.All(compose.Profile(Profile), s => Assert.Equal([Profile], s.Profiles));
    }

    /// <summary>The default check sees only what <c>docker compose up</c> starts: take the profile away and it fails.</summary>
    [Fact]
    public void Check_MonitoringWithoutItsProfile_OverTheLimitsAndPublishingPorts()
    {
        var compose = ComposeFile.Load(RepoPaths.Compose);
        foreach (var service in compose.Profile(Profile))
        {
            service.Node.Children.Remove(new YamlScalarNode("profiles"));
        }

        var violations = DeploymentRules.Check(compose);

        Assert.Contains(violations, v => v.Rule == Rules.LimitsCpus);
        Assert.Contains(violations, v => v.Rule == Rules.LimitsMemory);
        Assert.Contains(violations, v => v.Rule == Rules.Ports9999);
    }

    [Fact]
    public void Profile_NginxVariant_SameAsHaproxyVariant()
    {
        var haproxy = ComposeFile.Load(RepoPaths.Compose);
        var nginx = ComposeFile.Load(RepoPaths.NginxCompose);

        foreach (var service in haproxy.Profile(Profile))
        {
            Assert.Equal(Yaml.Serialize(service.Node), Yaml.Serialize(nginx.Service(service.Name).Node));
        }
    }

    /// <summary>Prometheus scrapes each instance through the proxy, which reaches the socket that instance listens on.</summary>
    [Fact]
    public void Prometheus_Config_ScrapesEachInstanceAtItsSocketThroughTheProxy()
    {
        var compose = ComposeFile.Load(RepoPaths.Compose);
        var proxyConfig = File.ReadAllText(RepoPaths.MetricsProxyConfig);
        var targets = ScrapeTargets();

        Assert.Equal(["api1", "api2"], targets.Select(t => t.Instance));
        foreach (var (instance, address, path) in targets)
        {
            Assert.Equal("metrics-proxy:9100", address);
            Assert.Equal($"/{instance}/metrics", path);
            var socket = compose.InstanceSockets[instance];
            Assert.Contains($"location = {path} {{\n      limit_except GET {{ deny all; }}\n      proxy_pass http://unix:{socket}:/metrics;\n    }}", proxyConfig, StringComparison.Ordinal);
        }

        Assert.Contains("listen 9100;", proxyConfig, StringComparison.Ordinal);
        var proxy = compose.Service("metrics-proxy");
        Assert.Contains(("./monitoring/metrics-proxy.conf", "/etc/nginx/nginx.conf"), proxy.Mounts);
        Assert.Contains(compose.Service("api1").Mounts.Single(m => m.Target == "/sockets"), proxy.Mounts);
        var prometheus = compose.Service("prometheus");
        Assert.Contains(("./monitoring/prometheus.yml", "/etc/prometheus/prometheus.yml"), prometheus.Mounts);
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", Yaml.Names(Yaml.Child(prometheus.Node, "command")));
        Assert.All(compose.Profile(Profile), s => Assert.Contains("backend", s.Networks));
    }

    /// <summary>Grafana finds its data source at the profile's Prometheus and its dashboard where compose mounts it.</summary>
    [Fact]
    public void Grafana_Provisioning_PointsAtPrometheusAndTheMountedDashboards()
    {
        var compose = ComposeFile.Load(RepoPaths.Compose);
        var grafana = compose.Service("grafana");
        var provisioning = Path.Combine(RepoPaths.Monitoring, "grafana", "provisioning");
        var datasource = Yaml.Load(Path.Combine(provisioning, "datasources", "prometheus.yml"));
        var dashboards = Yaml.Load(Path.Combine(provisioning, "dashboards", "payrelay.yml"));

        Assert.Contains(("./monitoring/grafana/provisioning", "/etc/grafana/provisioning"), grafana.Mounts);
        Assert.Contains(("./monitoring/grafana/dashboards", "/var/lib/grafana/dashboards"), grafana.Mounts);
        var source = (YamlMappingNode)((YamlSequenceNode)Yaml.Child(datasource, "datasources")!).Children.Single();
        Assert.Equal("http://prometheus:9090", Yaml.Text(Yaml.Child(source, "url")));
        Assert.Equal("prometheus", Yaml.Text(Yaml.Child(source, "uid")));
        var provider = (YamlMappingNode)((YamlSequenceNode)Yaml.Child(dashboards, "providers")!).Children.Single();
        Assert.Equal("/var/lib/grafana/dashboards", Yaml.Text(Yaml.At(provider, "options", "path")));
        Assert.Equal(["9090:9090"], compose.Service("prometheus").Ports.Select(p => $"{p.Published}:{p.Target}"));
        Assert.Equal(["3000:3000"], grafana.Ports.Select(p => $"{p.Published}:{p.Target}"));
    }

    /// <summary>The scrape targets of deploy/monitoring/prometheus.yml: instance label, address, metrics path.</summary>
    public static IReadOnlyList<(string Instance, string Address, string Path)> ScrapeTargets()
    {
        var config = Yaml.Load(RepoPaths.PrometheusConfig);
        var job = (YamlMappingNode)((YamlSequenceNode)Yaml.Child(config, "scrape_configs")!).Children.Single();
        Assert.Equal("payrelay", Yaml.Text(Yaml.Child(job, "job_name")));
        return [.. ((YamlSequenceNode)Yaml.Child(job, "static_configs")!).Children.Cast<YamlMappingNode>().Select(group => (
            Yaml.Text(Yaml.At(group, "labels", "instance")),
            Yaml.Names(Yaml.Child(group, "targets")).Single(),
            Yaml.Text(Yaml.At(group, "labels", "__metrics_path__"))))];
    }
}
