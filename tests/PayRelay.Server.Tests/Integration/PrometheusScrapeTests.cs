using System.Net;
using System.Text;
using System.Text.Json;
using PayRelay.ProcessorEmulator;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// A real Prometheus scrapes an instance's /metrics: its HTTP API then answers the series the traffic produced, and
/// every query of the repository's Grafana dashboard is valid PromQL that finds data.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class PrometheusScrapeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Prometheus_ScrapingAnInstance_ApiAnswersItsSeriesAndTheDashboardsQueries()
    {
        RequiredTool.Path("prometheus");
        await using var defaultProcessor = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = 0.05m });
        await using var fallbackProcessor = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = 0.15m });
        var options = new ServerOptions
        {
            DefaultProcessorUrl = defaultProcessor.BaseAddress,
            FallbackProcessorUrl = fallbackProcessor.BaseAddress,
            InstanceId = "api1",
        };
        await using var server = await ServerHost.StartAsync(options, "http://127.0.0.1:0");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        await PostPaymentsAsync(client, 6);
        await using var prometheus = PrometheusServer.Start(("api1", server.BaseAddress.Authority));
        await Eventually.HoldsAsync(async () => await prometheus.ValueAsync("payrelay_payments_accepted_total") == 6, "Prometheus scrapes the first payments\n" + prometheus.Output, Deadline);

        // More after the first scrape, so the dashboard's rates and percentiles have something to show.
        await PostPaymentsAsync(client, 6);
        var counters = server.Get<DispatchCounters>();
        await Eventually.HoldsAsync(() => counters.Confirmed == 12, "the instance confirms every payment");
        await Eventually.HoldsAsync(
            async () => await prometheus.ValueAsync("payrelay_payments_confirmed_total{processor=\"default\"}") == 12,
            "Prometheus scrapes every confirmation\n" + prometheus.Output,
            Deadline);

        Assert.Equal(1, await prometheus.ValueAsync("up{job=\"payrelay\",instance=\"api1\"}"));
        Assert.Equal(12, await prometheus.ValueAsync("payrelay_payments_accepted_total{job=\"payrelay\",instance=\"api1\"}"));
        Assert.Equal(12, await prometheus.ValueAsync("payrelay_attempt_duration_seconds_count{processor=\"default\",outcome=\"confirmed\"}"));
        Assert.Equal(1, await prometheus.ValueAsync("payrelay_processor_state{processor=\"default\",state=\"healthy\"}"));
        Assert.Equal(0, await prometheus.ValueAsync("payrelay_queue_depth"));
        Assert.True(await prometheus.ValueAsync("sum(dotnet_process_cpu_time_seconds_total)") > 0);
        foreach (var (panel, expression) in DashboardQueries())
        {
            var (status, series) = await prometheus.QueryAsync(expression);
            Assert.True(status == "success", $"{panel}: {expression}: {status}");
            Assert.True(series.Count > 0, $"{panel}: {expression} finds nothing");
        }
    }

    private static async Task PostPaymentsAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var body = new StringContent($"{{\"correlationId\":\"{Guid.NewGuid()}\",\"amount\":19.90}}", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("payments", UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    /// <summary>deploy/monitoring/grafana/dashboards/payrelay.json's queries, Grafana's rate interval replaced by a minute.</summary>
    private static IEnumerable<(string Panel, string Expression)> DashboardQueries()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "PayRelay.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("no PayRelay.slnx above the test assembly");
        }

        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(root.FullName, "deploy", "monitoring", "grafana", "dashboards", "payrelay.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (
                p.GetProperty("title").GetString()!,
                t.GetProperty("expr").GetString()!.Replace("$__rate_interval", "1m", StringComparison.Ordinal))))];
    }
}
