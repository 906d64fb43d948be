using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PayRelay.Bench.Http;
using PayRelay.Bench.Run;
using PayRelay.Bench.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

/// <summary>The charge check against emulated processors and a backend that says what it is told to.</summary>
public sealed class ChargeCheckerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;
    private readonly ConcurrentQueue<string> _backendQueries = new();
    private Processors _processors = null!;
    private WebApplication _backend = null!;
    private ServiceEndpoint _backendEndpoint = null!;

    /// <summary>What the backend's summary answers: (default count, fallback count), amounts at 19.90 each.</summary>
    private (long Default, long Fallback) _backendCounts;
    private string? _partial;
    private volatile int _queueDepth;
    private int _statusCalls;

    public async Task InitializeAsync()
    {
        _processors = await Processors.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _backend = builder.Build();
        _backend.MapGet("/payments-summary", (HttpContext context) =>
        {
            _backendQueries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
            if (_partial is { } partial)
            {
                context.Response.Headers["X-PayRelay-Partial"] = partial;
            }

            return Results.Json(new
            {
                @default = new { totalRequests = _backendCounts.Default, totalAmount = _backendCounts.Default * 19.90m },
                fallback = new { totalRequests = _backendCounts.Fallback, totalAmount = _backendCounts.Fallback * 19.90m },
            });
        });
        _backend.MapGet("/status", () =>
        {
            Interlocked.Increment(ref _statusCalls);
            return Results.Json(new { instanceId = "api1", queueDepth = _queueDepth, inFlight = 0 });
        });
        await _backend.StartAsync();
        _backendEndpoint = ServiceEndpoint.Parse(_backend.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _processors.DisposeAsync();
    }

    [Fact]
    public async Task Tally_EachPaymentLookedUpOnBoth_LostOnceAndTwiceWithTheFirstIds()
    {
        var onDefault = Charge(3, onDefault: true, onFallback: false);
        var onFallback = Charge(1, onDefault: false, onFallback: true);
        var twice = Charge(1, onDefault: true, onFallback: true);
        var lost = Charge(7, onDefault: false, onFallback: false);
        using var checker = Checker();

        var tally = await checker.TallyAsync([.. onDefault, .. lost, .. twice, .. onFallback], CancellationToken.None);

        Assert.Equal((12L, 4L, 7L, 1L, 0L), (tally.Payments, tally.ChargedOnce, tally.NotCharged, tally.ChargedTwice, tally.Unknown));
        Assert.Equal((4L, 2L), (tally.OnDefault, tally.OnFallback));
        Assert.Equal(lost.Take(5), tally.FirstNotCharged);
        Assert.Equal(twice, tally.FirstChargedTwice);
        Assert.Empty(tally.FirstUnknown);
    }

    [Fact]
    public async Task Tally_ProcessorUnreachable_CountsUnknownNotLost()
    {
        var ids = Charge(2, onDefault: false, onFallback: false);
        using var checker = new ChargeChecker(_backendEndpoint, ServiceEndpoint.Parse("http://127.0.0.1:9"), Endpoint(_processors.Fallback), "123", [], TimeProvider.System);

        var tally = await checker.TallyAsync(ids, CancellationToken.None);

        Assert.Equal((2L, 0L), (tally.Unknown, tally.NotCharged));
        Assert.Equal(ids, tally.FirstUnknown);
    }

    [Fact]
    public async Task Check_ByAnswer_AcceptedLostAndAnyPaymentChargedTwiceMakeItUnclean()
    {
        var ids = new PaymentIds();
        var accepted = Charge(4, onDefault: true, onFallback: false);
        var lost = Charge(1, onDefault: false, onFallback: false);
        var unanswered = Charge(2, onDefault: false, onFallback: true);
        var refusedTwice = Charge(1, onDefault: true, onFallback: true);
        foreach (var id in accepted.Concat(lost))
        {
            ids.Add(id, 202);
        }

        ids.Add(unanswered[0], 0);
        ids.Add(unanswered[1], 0);
        ids.Add(refusedTwice[0], 503);
        ids.Add(Guid.NewGuid(), 400);
        _backendCounts = (5, 3);
        using var checker = Checker();

        var check = await checker.CheckAsync(ids, At.AddMinutes(-1), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal((5L, 4L, 1L), (check.Accepted.Payments, check.Accepted.ChargedOnce, check.Accepted.NotCharged));
        Assert.Equal((2L, 2L), (check.Unanswered.Payments, check.Unanswered.ChargedOnce));
        Assert.Equal((2L, 1L, 1L), (check.Refused.Payments, check.Refused.NotCharged, check.Refused.ChargedTwice));
        Assert.Equal((1L, 1L, false), (check.Lost, check.ChargedTwice, check.Clean));
        Assert.Equal(lost, check.Accepted.FirstNotCharged);
    }

    [Fact]
    public async Task Check_NothingLostOrTwice_IsClean()
    {
        var ids = new PaymentIds();
        foreach (var id in Charge(3, onDefault: true, onFallback: false))
        {
            ids.Add(id, 202);
        }

        using var checker = Checker();

        var check = await checker.CheckAsync(ids, At.AddMinutes(-1), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(check.Clean);
        Assert.Equal((0L, 0L), (check.Lost, check.ChargedTwice));
        Assert.StartsWith("the processors charged 3 payments for 3 accepted", check.SettledHow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_BackendUndercounts_DifferentUnfilteredAndOverTheWindow()
    {
        Charge(6, onDefault: true, onFallback: false);
        Charge(2, onDefault: false, onFallback: true);
        _backendCounts = (4, 2);
        _partial = "api2 is recovering";
        using var checker = Checker();
        var from = new DateTimeOffset(2025, 7, 15, 12, 0, 0, TimeSpan.Zero);

        var allTime = await checker.CompareAsync(null, null, CancellationToken.None);
        var window = await checker.CompareAsync(from, from.AddSeconds(90), CancellationToken.None);

        Assert.Equal(new SummaryPart(6, 6 * 19.90m), allTime.ProcessorDefault);
        Assert.Equal(new SummaryPart(2, 2 * 19.90m), allTime.ProcessorFallback);
        Assert.Equal(new SummaryPart(4, 4 * 19.90m), allTime.BackendDefault);
        Assert.Equal("api2 is recovering", allTime.BackendPartial);
        Assert.True(allTime.Answered);
        Assert.False(allTime.Equal);
        Assert.Equal(["", "?from=2025-07-15T12:00:00.000Z&to=2025-07-15T12:01:30.000Z"], _backendQueries);
        Assert.Equal(new SummaryPart(0, 0), window.ProcessorDefault);
    }

    [Fact]
    public async Task Compare_BackendAgrees_Equal()
    {
        Charge(3, onDefault: true, onFallback: false);
        Charge(1, onDefault: false, onFallback: true);
        _backendCounts = (3, 1);
        using var checker = Checker();

        var comparison = await checker.CompareAsync(null, null, CancellationToken.None);

        Assert.True(comparison.Equal);
        Assert.Null(comparison.BackendPartial);
    }

    [Fact]
    public async Task Settle_BackendBusy_WaitsUntilItsQueueEmptiesAndEverythingIsCharged()
    {
        var missing = Guid.NewGuid();
        Charge(1, onDefault: true, onFallback: false);
        _queueDepth = 1;
        using var checker = Checker(quiet: TimeSpan.FromMilliseconds(50));

        var settling = checker.SettleAsync(2, TimeSpan.FromMinutes(1), CancellationToken.None);
        await Eventually.HoldsAsync(() => Volatile.Read(ref _statusCalls) >= 3, "the check polls the busy backend");
        Assert.False(settling.IsCompleted, "it waits while the backend holds a payment");
        _processors.Default.State.TryStore(missing, 19.90m, At);
        _queueDepth = 0;
        var (_, how) = await settling.WithinDeadline("the wait ends once the last payment is charged");

        Assert.StartsWith("the processors charged 2 payments for 2 accepted", how, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_NothingMoreCharged_EndsAfterTheQuietPeriodWithTheLossesLeft()
    {
        Charge(1, onDefault: true, onFallback: false);
        using var checker = Checker(quiet: TimeSpan.FromMilliseconds(100));

        var (_, how) = await checker.SettleAsync(3, TimeSpan.FromMinutes(1), CancellationToken.None).WithinDeadline("the quiet period ends the wait");

        Assert.StartsWith("nothing more was charged for 0.1 s and the backend's queues are empty (1 charged for 3 accepted)", how, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_BackendBusyPastTheDeadline_EndsAtTheDeadline()
    {
        _queueDepth = 7;
        using var checker = Checker(quiet: TimeSpan.FromMilliseconds(10));

        var (_, how) = await checker.SettleAsync(1, TimeSpan.FromMilliseconds(200), CancellationToken.None).WithinDeadline("the deadline ends the wait");

        Assert.Equal("the 0.2 s deadline passed (0 charged for 1 accepted, the backend still busy)", how);
    }

    private List<Guid> Charge(int count, bool onDefault, bool onFallback)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            if (onDefault)
            {
                _processors.Default.State.TryStore(id, 19.90m, At);
            }

            if (onFallback)
            {
                _processors.Fallback.State.TryStore(id, 19.90m, At);
            }
        }

        return ids;
    }

    private ChargeChecker Checker(TimeSpan? quiet = null) =>
        new(_backendEndpoint, Endpoint(_processors.Default), Endpoint(_processors.Fallback), "123", [_backendEndpoint], TimeProvider.System)
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            Quiet = quiet ?? TimeSpan.FromSeconds(5),
        };

    private static ServiceEndpoint Endpoint(PayRelay.ProcessorEmulator.EmulatorHost host) => ServiceEndpoint.Parse(host.BaseAddress.AbsoluteUri);
}
