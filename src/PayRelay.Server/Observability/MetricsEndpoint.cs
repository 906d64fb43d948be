using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PayRelay.Server.Configuration;

namespace PayRelay.Server.Observability;

/// <summary>
/// <c>GET /metrics</c>: this instance's <see cref="RelayMeter"/> and the runtime's meter in Prometheus' text format
/// (0.0.4, or OpenMetrics when the scraper asks for it), through OpenTelemetry's Prometheus exporter. The wire layer
/// has no middleware pipeline, so the exporter's scraping endpoint is built as a pipeline of its own and the router
/// hands it the request. Collection happens on the scrape, never between scrapes.
/// </summary>
public sealed class MetricsEndpoint : IDisposable
{
    private readonly MeterProvider _provider;
    private readonly RequestDelegate _scrape;

    public MetricsEndpoint(RelayMeter meter, RelayObservations observations, ServerOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(options);
        var own = meter.Meter;
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("payrelay", serviceInstanceId: options.InstanceId))
            .AddMeter(RelayMeter.Name, RelayMeter.RuntimeName)
            // Another instance in this process (tests run two) has a meter of the same name: its instruments stay out.
            .AddView(instrument => instrument.Meter.Name == RelayMeter.Name && !ReferenceEquals(instrument.Meter, own) ? MetricStreamConfiguration.Drop : null)
            .AddPrometheusExporter(exporter =>
            {
                // A scrape a second at most: the exporter's 300 ms cache of the last answer only serves stale values.
                exporter.ScrapeResponseCacheDurationMilliseconds = 0;
                // One meter of ours: an otel_scope_name label on every series would say nothing.
                exporter.ScopeInfoEnabled = false;
            })
            .Build();
        var pipeline = new ApplicationBuilder(services);
        pipeline.UseOpenTelemetryPrometheusScrapingEndpoint(_provider, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null);
        _scrape = pipeline.Build();
    }

    public Task ScrapeAsync(HttpContext context) => _scrape(context);

    public void Dispose() => _provider.Dispose();
}
