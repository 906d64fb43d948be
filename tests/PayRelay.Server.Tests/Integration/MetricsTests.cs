using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// GET /metrics after known traffic, read with a parser of the exposition format: the values and labels each
/// instance's own traffic produced (two instances share this process), with their HELP and TYPE lines.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_AfterKnownTraffic_CountsThisInstancesPaymentsRefusalsAndAttempts()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ids = await cluster.PostPaymentsAsync(30, onlyTo: 0);
        await cluster.PostPaymentsAsync(10, onlyTo: 1);
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, ids[0]));
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, ids[1]));
        await ExpectAsync(cluster.PostRawAsync(0, "{\"amount\":19.90}"), HttpStatusCode.BadRequest);
        await ExpectAsync(cluster.PostRawAsync(0, "not json"), HttpStatusCode.BadRequest);
        await ExpectAsync(cluster.PostRawAsync(0, TestCluster.PaymentJson(Guid.NewGuid(), 1m), "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await ExpectAsync(cluster.PostRawAsync(0, new string(' ', 5000)), HttpStatusCode.RequestEntityTooLarge);
        await cluster.AssertConsistentAsync();

        var (contentType, metrics) = await ScrapeAsync(cluster.Client(0));

        Assert.StartsWith("text/plain; version=0.0.4", contentType, StringComparison.Ordinal);
        Assert.Equal(30, metrics.Value("payrelay_payments_accepted_total"));
        Assert.Equal(2, metrics.Value("payrelay_payments_duplicated_total"));
        Assert.Equal(2, metrics.Value("payrelay_payments_refused_total", ("reason", "invalid"), ("status", "400")));
        Assert.Equal(1, metrics.Value("payrelay_payments_refused_total", ("reason", "not-json"), ("status", "415")));
        Assert.Equal(1, metrics.Value("payrelay_payments_refused_total", ("reason", "too-large"), ("status", "413")));
        Assert.Equal(0, metrics.Value("payrelay_payments_refused_total", ("reason", "queue-full"), ("status", "503")));
        Assert.Equal(30, metrics.Value("payrelay_payments_confirmed_total", ("processor", "default")));
        Assert.Equal(0, metrics.Value("payrelay_payments_confirmed_total", ("processor", "fallback")));
        Assert.Equal(0, metrics.Value("payrelay_payments_retried_total"));
        Assert.Equal(["found", "not-found", "unknown"], metrics["payrelay_payments_lookups_total"].Samples.Select(s => s.Labels["result"]));
        Assert.Equal(0, metrics["payrelay_payments_lookups_total"].Samples.Sum(s => s.Value));
        Assert.Equal(30, metrics.Value("payrelay_attempt_duration_seconds_count", ("processor", "default"), ("outcome", "confirmed")));
        Assert.Equal(30, metrics.Value("payrelay_attempt_duration_seconds_bucket", ("processor", "default"), ("outcome", "confirmed"), ("le", "+Inf")));
        Assert.True(metrics.Value("payrelay_attempt_duration_seconds_sum", ("processor", "default"), ("outcome", "confirmed")) > 0);
        Assert.Equal(0, metrics.Value("payrelay_queue_depth"));
        Assert.Equal(0, metrics.Value("payrelay_in_flight"));
        Assert.Equal(30, metrics.Value("payrelay_ledger_payments"));
        Assert.Equal(0, metrics.Value("payrelay_draining"));
        Assert.Equal(1, metrics.Value("payrelay_processor_state", ("processor", "default"), ("state", "healthy")));
        foreach (var processor in new[] { "default", "fallback" })
        {
            var states = metrics["payrelay_processor_state"].Samples.Where(s => s.Labels["processor"] == processor).ToList();
            Assert.Equal(["healthy", "suspect", "slow", "failing"], states.Select(s => s.Labels["state"]));
            Assert.Equal(1, states.Sum(s => s.Value));
        }

        // The other instance's counts are its own.
        var (_, other) = await ScrapeAsync(cluster.Client(1));
        Assert.Equal(10, other.Value("payrelay_payments_accepted_total"));
        Assert.Equal(10, other.Value("payrelay_payments_confirmed_total", ("processor", "default")));
    }

    [Fact]
    public async Task Metrics_Families_TypedAndDescribedWithRuntimeBeside()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.PostPaymentsAsync(4);
        await cluster.AssertConsistentAsync();

        var (_, metrics) = await ScrapeAsync(cluster.Client(0));

        Assert.Equal("counter", metrics["payrelay_payments_accepted_total"].Type);
        Assert.Equal("Payments accepted (202) and queued for a processor", metrics["payrelay_payments_accepted_total"].Help);
        Assert.Equal("counter", metrics["payrelay_payments_refused_total"].Type);
        Assert.Equal("histogram", metrics["payrelay_attempt_duration_seconds"].Type);
        Assert.StartsWith("Attempts to post a payment to a processor", metrics["payrelay_attempt_duration_seconds"].Help, StringComparison.Ordinal);
        Assert.Equal(
            ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "15", "+Inf"],
            metrics["payrelay_attempt_duration_seconds"].Samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels["outcome"] == "confirmed").Select(s => s.Labels["le"]));
        foreach (var gauge in new[] { "payrelay_queue_depth", "payrelay_in_flight", "payrelay_processor_state", "payrelay_processor_in_flight", "payrelay_processor_expected_latency_seconds" })
        {
            Assert.Equal("gauge", metrics[gauge].Type);
            Assert.False(string.IsNullOrEmpty(metrics[gauge].Help), $"{gauge} has no HELP");
        }

        // The process: CPU, memory and GC, from the runtime's own meter.
        Assert.True(metrics.Value("dotnet_process_cpu_time_seconds_total", ("cpu_mode", "user")) > 0);
        Assert.True(metrics.Value("dotnet_process_memory_working_set_bytes") > 0);
        Assert.Equal("counter", metrics["dotnet_gc_collections_total"].Type);
        Assert.True(metrics.ContainsKey("dotnet_gc_pause_time_seconds_total"));
    }

    [Fact]
    public async Task Metrics_DefaultFailing_FailedOutcomesAndFailingState()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(30) });
        cluster.Default.State.Failing = true;
        await cluster.PostPaymentsAsync(10, onlyTo: 0);
        await Eventually.HoldsAsync(
            () => cluster.Instance(0).Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 3,
            "api1 sees the default fail");

        var (_, metrics) = await ScrapeAsync(cluster.Client(0));

        Assert.True(metrics.Value("payrelay_attempt_duration_seconds_count", ("processor", "default"), ("outcome", "failed")) >= 3);
        Assert.True(metrics.Value("payrelay_payments_retried_total") >= 3);
        Assert.Equal(1, metrics.Value("payrelay_processor_state", ("processor", "default"), ("state", "failing")));
        Assert.True(metrics.Value("payrelay_queue_depth") + metrics.Value("payrelay_in_flight") > 0, "the payments are held");
        cluster.Default.State.Failing = false;
        await cluster.AssertConsistentAsync();
    }

    /// <summary>With ADMIN_TOKEN set, /metrics is served to a scraper that presents it (Prometheus' authorization: Bearer).</summary>
    [Fact]
    public async Task Metrics_AdminTokenSet_ServedWithTheBearerToken()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { AdminToken = "scrape-token" });
        await cluster.PostPaymentsAsync(2, onlyTo: 0);
        await cluster.AssertConsistentAsync();

        using var refused = await cluster.Client(0).GetAsync(new Uri("metrics", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "scrape-token");
        using var served = await cluster.Client(0).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(2, PrometheusText.Parse(await served.Content.ReadAsStringAsync()).Value("payrelay_payments_accepted_total"));
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        using var response = await request;
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task<(string ContentType, IReadOnlyDictionary<string, PrometheusFamily> Families)> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return (response.Content.Headers.ContentType?.ToString() ?? string.Empty, PrometheusText.Parse(text));
    }
}
