using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Tests.Support;

/// <summary>
/// One loopback server playing the backend (under /backend/) and both processors (under /default/
/// and /fallback/) for the summary calls, answering set counts and remembering every query.
/// </summary>
public sealed class SummaryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SummaryServer(WebApplication app) => _app = app;

    public (long Default, long Fallback) BackendCounts { get; set; }

    public long DefaultCount { get; set; }

    public long FallbackCount { get; set; }

    public int FallbackStatus { get; set; } = 200;

    /// <summary>Every summary request as "path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ServiceEndpoint Backend { get; private set; } = null!;

    public ServiceEndpoint Default { get; private set; } = null!;

    public ServiceEndpoint Fallback { get; private set; } = null!;

    public static async Task<SummaryServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SummaryServer(app);
        app.MapGet("/backend/payments-summary", (HttpRequest r) =>
        {
            server.Requests.Enqueue(r.Path + r.QueryString);
            return Results.Json(new
            {
                @default = new { totalRequests = server.BackendCounts.Default, totalAmount = server.BackendCounts.Default * 19.9m },
                fallback = new { totalRequests = server.BackendCounts.Fallback, totalAmount = server.BackendCounts.Fallback * 19.9m },
            });
        });
        app.MapGet("/default/admin/payments-summary", (HttpRequest r) =>
        {
            server.Requests.Enqueue(r.Path + r.QueryString);
            return Results.Json(new { totalRequests = server.DefaultCount, totalAmount = server.DefaultCount * 19.9m, totalFee = 0m, feePerTransaction = 0.05m });
        });
        app.MapGet("/fallback/admin/payments-summary", (HttpRequest r) =>
        {
            server.Requests.Enqueue(r.Path + r.QueryString);
            return server.FallbackStatus == 200
                ? Results.Json(new { totalRequests = server.FallbackCount, totalAmount = server.FallbackCount * 19.9m, totalFee = 0m, feePerTransaction = 0.15m })
                : Results.StatusCode(server.FallbackStatus);
        });
        await app.StartAsync();
        var root = app.Urls.First().TrimEnd('/');
        server.Backend = ServiceEndpoint.Parse(root + "/backend/");
        server.Default = ServiceEndpoint.Parse(root + "/default/");
        server.Fallback = ServiceEndpoint.Parse(root + "/fallback/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
