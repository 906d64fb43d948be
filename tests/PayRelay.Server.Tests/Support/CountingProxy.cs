using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PayRelay.Server.Tests.Support;

/// <summary>One <c>GET /payments/service-health</c> seen on its way to the processor.</summary>
/// <param name="ArrivedAt"><see cref="Stopwatch"/> timestamp of its arrival.</param>
/// <param name="Status">The processor's answer (also when the caller had gone by then), or 0 when the processor gave none.</param>
public readonly record struct HealthCall(long ArrivedAt, int Status);

/// <summary>Any call seen on its way to the processor: method, path, arrival (<see cref="Stopwatch"/> timestamp) and the processor's answer (0 for none).</summary>
public readonly record struct ProxiedCall(string Method, string Path, long ArrivedAt, int Status);

/// <summary>
/// A forwarding front for a processor that records every call, health calls apart. The emulator keeps no count of
/// health calls, and the rule to check is about calls as the processor sees them: one per window,
/// whoever makes it. Every call is kept too, to tell which of the payments' calls (POST, lookup) reached the processor.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private const string HealthPath = "/payments/service-health";
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<HealthCall> _healthCalls = new();
    private readonly ConcurrentQueue<ProxiedCall> _calls = new();

    private CountingProxy(Uri upstream)
    {
        _upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstream,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Health calls in arrival order (they are noted as they complete, which may be another order).</summary>
    public IReadOnlyList<HealthCall> HealthCalls => [.. _healthCalls.OrderBy(c => c.ArrivedAt)];

    /// <summary>Every call in arrival order, health calls included.</summary>
    public IReadOnlyList<ProxiedCall> Calls => [.. _calls.OrderBy(c => c.ArrivedAt)];

    /// <summary>The <c>POST /payments</c> calls, in arrival order.</summary>
    public IReadOnlyList<ProxiedCall> Posts => [.. Calls.Where(c => c.Method == "POST" && c.Path == "/payments")];

    /// <summary>The lookups of one payment (<c>GET /payments/{id}</c>), in arrival order.</summary>
    public IReadOnlyList<ProxiedCall> Lookups(Guid id) => [.. Calls.Where(c => c.Method == "GET" && c.Path == $"/payments/{id:D}")];

    public static async Task<CountingProxy> StartAsync(Uri upstream)
    {
        var proxy = new CountingProxy(upstream);
        await proxy._app.StartAsync();
        var bound = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.BaseAddress = new Uri(bound + "/");
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        var incoming = context.Request;
        var status = 0;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), incoming.Path.Value + incoming.QueryString.Value);
            if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
            {
                using var body = new MemoryStream();
                await incoming.Body.CopyToAsync(body, context.RequestAborted);
                request.Content = new ByteArrayContent(body.ToArray());
                if (incoming.ContentType is { } contentType)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            // Not cancelled when the caller goes away: an instance killed while its poll is under way still made
            // that call, and what the processor answered it is what the rule is about.
            using var response = await _upstream.SendAsync(request, CancellationToken.None);
            status = (int)response.StatusCode;
            context.Response.StatusCode = status;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            context.Abort();
        }
        finally
        {
            if (incoming.Path.Value == HealthPath)
            {
                _healthCalls.Enqueue(new HealthCall(arrivedAt, status));
            }

            _calls.Enqueue(new ProxiedCall(incoming.Method, incoming.Path.Value ?? string.Empty, arrivedAt, status));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
