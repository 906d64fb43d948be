using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PayRelay.Bench.Tests.Support;

/// <summary>The faults a <see cref="FakeBackend"/> is built with; zero means never.</summary>
public sealed record FakeFaults
{
    /// <summary>Every Nth payment is answered 202 but never forwarded nor recorded: lost.</summary>
    public int LoseEvery { get; init; }

    /// <summary>Every Nth payment also records a payment no processor ever saw: over-reporting.</summary>
    public int PhantomEvery { get; init; }

    /// <summary>Every payment is answered this much later.</summary>
    public TimeSpan SlowBy { get; init; }

    /// <summary>Every Nth payment is processed, but answered only after <see cref="HoldFor"/> (past the client timeout).</summary>
    public int HoldEvery { get; init; }

    public TimeSpan HoldFor { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// A deliberately simple backend on an ephemeral loopback port: it forwards each payment to the
/// default processor before answering and keeps its own ledger, with the faults it is told to have.
/// It counts what it did wrong, so a test knows the lag and p99 the bench must report.
/// </summary>
public sealed class FakeBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _processor;
    private readonly FakeFaults _faults;
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset RequestedAt, decimal Amount)> _ledger = [];
    private readonly ConcurrentDictionary<string, byte> _paymentConnections = new(StringComparer.Ordinal);
    private long _received;
    private long _lost;
    private long _phantoms;
    private long _held;

    private FakeBackend(WebApplication app, Uri processor, FakeFaults faults)
    {
        _app = app;
        _faults = faults;
        _processor = new HttpClient { BaseAddress = processor };
    }

    public Uri BaseAddress { get; private set; } = null!;

    public long Received => Interlocked.Read(ref _received);

    public long Lost => Interlocked.Read(ref _lost);

    public long Phantoms => Interlocked.Read(ref _phantoms);

    public long Held => Interlocked.Read(ref _held);

    /// <summary>Distinct connections that carried a <c>POST /payments</c> since the last purge.</summary>
    public int PaymentConnections => _paymentConnections.Count;

    public static async Task<FakeBackend> StartAsync(Uri defaultProcessor, FakeFaults faults)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBackend(app, defaultProcessor, faults);
        app.MapPost("/payments", (Delegate)fake.PostAsync);
        app.MapGet("/payments-summary", fake.Summary);
        app.MapPost("/purge-payments", fake.Purge);
        app.MapGet("/status", () => Results.Text("{\"instanceId\":\"fake\",\"queueDepth\":0,\"inFlight\":0,\"extra\":{\"x\":1}}", "application/json"));
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.First());
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _processor.Dispose();
    }

    private async Task<IResult> PostAsync(HttpContext context)
    {
        _paymentConnections.TryAdd(context.Connection.Id, 0);
        var request = context.Request;
        using var body = await JsonDocument.ParseAsync(request.Body);
        var id = body.RootElement.GetProperty("correlationId").GetGuid();
        var amount = body.RootElement.GetProperty("amount").GetDecimal();
        var n = Interlocked.Increment(ref _received);
        if (_faults.SlowBy > TimeSpan.Zero)
        {
            await Task.Delay(_faults.SlowBy);
        }

        if (_faults.LoseEvery > 0 && n % _faults.LoseEvery == 0)
        {
            Interlocked.Increment(ref _lost);
            return Results.StatusCode(202);
        }

        var requestedAt = DateTimeOffset.UtcNow;
        requestedAt = requestedAt.AddTicks(-(requestedAt.Ticks % TimeSpan.TicksPerMillisecond));
        using var response = await _processor.PostAsJsonAsync("payments", new { correlationId = id, amount, requestedAt });
        if (response.IsSuccessStatusCode)
        {
            Record(requestedAt, amount);
            if (_faults.PhantomEvery > 0 && n % _faults.PhantomEvery == 0)
            {
                Interlocked.Increment(ref _phantoms);
                Record(requestedAt, amount);
            }
        }

        if (_faults.HoldEvery > 0 && n % _faults.HoldEvery == 0)
        {
            Interlocked.Increment(ref _held);
            await Task.Delay(_faults.HoldFor);
        }

        return Results.StatusCode(202);
    }

    private void Record(DateTimeOffset requestedAt, decimal amount)
    {
        lock (_gate)
        {
            _ledger.Add((requestedAt, amount));
        }
    }

    private IResult Summary(string? from, string? to)
    {
        var start = from is null ? DateTimeOffset.MinValue : DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        var end = to is null ? DateTimeOffset.MaxValue : DateTimeOffset.Parse(to, CultureInfo.InvariantCulture);
        long count = 0;
        decimal total = 0;
        lock (_gate)
        {
            foreach (var (at, amount) in _ledger)
            {
                if (at >= start && at <= end)
                {
                    count++;
                    total += amount;
                }
            }
        }

        return Results.Json(new
        {
            @default = new { totalRequests = count, totalAmount = total },
            fallback = new { totalRequests = 0, totalAmount = 0m },
        });
    }

    private IResult Purge()
    {
        lock (_gate)
        {
            _ledger.Clear();
        }

        _paymentConnections.Clear();
        Interlocked.Exchange(ref _received, 0);
        Interlocked.Exchange(ref _lost, 0);
        Interlocked.Exchange(ref _phantoms, 0);
        Interlocked.Exchange(ref _held, 0);
        return Results.Ok();
    }
}
