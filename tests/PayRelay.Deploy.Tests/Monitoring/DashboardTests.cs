using System.Text.Json;

namespace PayRelay.Deploy.Tests.Monitoring;

/// <summary>
/// deploy/monitoring/grafana/dashboards/payrelay.json shows what issue 18 asks for, from the provisioned data source,
/// in panels that do not overlap. (PayRelay.Server.Tests runs its queries against a real Prometheus.)
/// </summary>
public sealed class DashboardTests
{
    [Fact]
    public void Dashboard_Queries_CoverPaymentsDispatchAttemptsAndTheProcess()
    {
        var expressions = Expressions().Select(e => e.Expression).ToList();

        foreach (var family in new[]
        {
            "payrelay_payments_accepted_total", "payrelay_payments_confirmed_total", "payrelay_payments_refused_total",
            "payrelay_payments_duplicated_total", "payrelay_payments_retried_total", "payrelay_queue_depth",
            "payrelay_processor_in_flight", "payrelay_processor_limit", "payrelay_processor_state",
            "payrelay_attempt_duration_seconds_bucket", "payrelay_attempt_duration_seconds_count",
            "dotnet_process_cpu_time_seconds_total", "dotnet_process_memory_working_set_bytes",
            "dotnet_gc_collections_total", "dotnet_gc_pause_time_seconds_total",
        })
        {
            Assert.Contains(expressions, e => e.Contains(family, StringComparison.Ordinal));
        }

        Assert.Contains(expressions, e => e.StartsWith("histogram_quantile(0.99,", StringComparison.Ordinal));
    }

    [Fact]
    public void Dashboard_Panels_FromTheProvisionedSourceWithoutOverlapping()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepoPaths.Dashboard));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal("payrelay", dashboard.RootElement.GetProperty("uid").GetString());
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(Expressions(), e => Assert.Equal("prometheus", e.Source));
        var boxes = panels.Select(p => p.GetProperty("gridPos")).Select(g => (X: g.GetProperty("x").GetInt32(), Y: g.GetProperty("y").GetInt32(), W: g.GetProperty("w").GetInt32(), H: g.GetProperty("h").GetInt32())).ToList();
        Assert.All(boxes, b => Assert.True(b.X + b.W <= 24, $"a panel at x {b.X} is {b.W} wide"));
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                Assert.False(a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H, $"panels {i} and {j} overlap");
            }
        }
    }

    /// <summary>Every query of the dashboard, with its panel's title and the data source it names.</summary>
    public static IReadOnlyList<(string Panel, string Source, string Expression)> Expressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepoPaths.Dashboard));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (
                p.GetProperty("title").GetString()!,
                t.GetProperty("datasource").GetProperty("uid").GetString()!,
                t.GetProperty("expr").GetString()!)))];
    }
}
