using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PayRelay.Deploy.Tests.Live;

/// <summary>
/// Stands in for a PayRelay.Server instance behind the balancer: Kestrel on a unix socket that
/// records every request (health checks aside) and answers with its name in X-Instance. Its
/// /healthz and payment answers can be switched to 503, as a draining server's are.
/// </summary>
public sealed class FakeInstance(string name, string socketPath) : IAsyncDisposable
{
    private WebApplication? _app;

    public string Name { get; } = name;

    public string SocketPath { get; } = socketPath;

    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    public int HealthChecks;

    public volatile int HealthStatus = StatusCodes.Status200OK;

    public volatile int PaymentStatus = StatusCodes.Status202Accepted;

    public IEnumerable<string> PaymentBodies => Requests.Where(r => r is { Method: "POST", Path: "/payments" }).Select(r => r.Body);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.ListenUnixSocket(SocketPath));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        // The balancer's workers may run as another user (nginx's run as nobody): a socket needs
        // write permission to connect to, as the real server grants on its own socket.
        File.SetUnixFileMode(SocketPath, (UnixFileMode)0b110_110_110);
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
            File.Delete(SocketPath);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["X-Instance"] = Name;
        if (context.Request.Path == "/healthz")
        {
            Interlocked.Increment(ref HealthChecks);
            context.Response.StatusCode = HealthStatus;
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue((context.Request.Method, context.Request.Path.Value ?? "", body));
        context.Response.StatusCode = context.Request.Method == "POST" ? PaymentStatus : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"instance\":\"{Name}\"}}");
    }
}
