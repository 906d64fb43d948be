namespace PayRelay.Deploy.Tests.Monitoring;

/// <summary>deploy/monitoring/prometheus.yml as Prometheus' own checker reads it.</summary>
public sealed class PrometheusConfigTests
{
    [SkippableFact]
    public async Task Promtool_RepositoryConfig_Valid()
    {
        var promtool = Path.Combine(Path.GetDirectoryName(Tools.Require("prometheus"))!, "promtool");

        var result = await Tools.RunAsync(promtool, ["check", "config", RepoPaths.PrometheusConfig]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
