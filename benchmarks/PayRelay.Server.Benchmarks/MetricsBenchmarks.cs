using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Http;
using PayRelay.Server.Observability;
using PayRelay.Server.Storage;
using Prometheus;

namespace PayRelay.Server.Benchmarks;

/// <summary>Which exporter listens to the instance's meter.</summary>
public enum Exporter
{
    None,
    OpenTelemetry,
    PrometheusNet,
}

/// <summary>
/// What /metrics costs the payment path with each exporter attached, and what a scrape costs: a payment's acceptance
/// (parse, dedupe, queue; no instrument is touched), an attempt's one recording (the latency histogram), and one
/// scrape of every instrument, the runtime's included. Each exporter runs in a process of its own.
/// Run: <c>dotnet run -c Release --project benchmarks/PayRelay.Server.Benchmarks -- --filter '*MetricsBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private const int Bodies = 1 << 16;
    private static readonly byte[] Json = "application/json"u8.ToArray();

    private readonly ReadOnlySequence<byte>[] _bodies = new ReadOnlySequence<byte>[Bodies];
    private WebApplication _app = null!;
    private PaymentsEndpoint _payments = null!;
    private PaymentIntake _intake = null!;
    private IPaymentStore _store = null!;
    private AttemptRecorder _recorder = null!;
    private MetricsEndpoint? _otel;
    private CollectorRegistry? _registry;
    private IDisposable? _adapter;
    private int _next;

    [Params(Exporter.None, Exporter.OpenTelemetry, Exporter.PrometheusNet)]
    public Exporter Attached { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Bodies; i++)
        {
            _bodies[i] = new(Encoding.UTF8.GetBytes($"{{\"correlationId\":\"{Guid.NewGuid()}\",\"amount\":19.90}}"));
        }

        // The instance as the executable composes it, never started: nothing dispatches, nothing listens.
        var options = new ServerOptions { DefaultProcessorUrl = new Uri("http://127.0.0.1:9"), FallbackProcessorUrl = new Uri("http://127.0.0.1:9") };
        _app = ServerApp.Build(["--urls", "http://127.0.0.1:0"], options, TimeProvider.System);
        _payments = _app.Services.GetRequiredService<PaymentsEndpoint>();
        _intake = _app.Services.GetRequiredService<PaymentIntake>();
        _store = _app.Services.GetRequiredService<IPaymentStore>();
        _store.RecoverAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _recorder = _app.Services.AttemptRecorder(ProcessorKind.Default);
        _ = _app.Services.GetRequiredService<RelayObservations>();
        switch (Attached)
        {
            case Exporter.OpenTelemetry:
                _otel = _app.Services.GetRequiredService<MetricsEndpoint>();
                break;
            case Exporter.PrometheusNet:
                _registry = Metrics.NewCustomRegistry();
                _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
                {
                    Registry = _registry,
                    InstrumentFilterPredicate = instrument => instrument.Meter.Name is RelayMeter.Name or RelayMeter.RuntimeName,
                    ResolveHistogramBuckets = _ => [.. AttemptMetrics.BucketsSeconds],
                });
                break;
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _adapter?.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>POST /payments' work: no instrument is on it, whatever listens.</summary>
    [Benchmark]
    public int AcceptPayment()
    {
        if (_next == Bodies)
        {
            _next = 0;
            _store.PurgeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var answer = _payments.Accept(Json, _bodies[_next++]);
        _intake.Reader.TryRead(out _);
        return answer.Status;
    }

    /// <summary>An attempt's one recording: its latency, by processor and outcome (a thousand per invocation, so one is timed well).</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public void RecordAttempt()
    {
        for (var i = 0; i < 1000; i++)
        {
            _recorder.Record(AttemptOutcome.Confirmed, TimeSpan.FromMilliseconds(3));
        }
    }

    /// <summary>One GET /metrics body, every instrument collected.</summary>
    [Benchmark]
    public async Task<long> Scrape()
    {
        var body = new MemoryStream();
        if (_otel is not null)
        {
            var features = new FeatureCollection();
            features.Set<IHttpRequestFeature>(new HttpRequestFeature { Method = "GET", Path = "/metrics", Headers = new HeaderDictionary(), Body = Stream.Null });
            features.Set<IHttpResponseFeature>(new HttpResponseFeature());
            features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
            await _otel.ScrapeAsync(new DefaultHttpContext(features));
        }
        else if (_registry is not null)
        {
            await _registry.CollectAndExportAsTextAsync(body);
        }

        return body.Length;
    }
}
