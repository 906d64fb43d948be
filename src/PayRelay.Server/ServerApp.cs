using Microsoft.AspNetCore.Hosting.Server;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Http;
using PayRelay.Server.Http.Wire;
using PayRelay.Server.Ledger;
using PayRelay.Server.Net;
using PayRelay.Server.Observability;
using PayRelay.Server.Peers;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Journaling;
using PayRelay.Server.Storage.Postgres;

namespace PayRelay.Server;

/// <summary>Composes one PayRelay instance; the executable and the in-process test host both come through here.</summary>
public static class ServerApp
{
    /// <summary>
    /// Configuration comes from the environment and the command line. Left on, the builder would watch the working
    /// directory and everything under it for an appsettings.json to reload: an inotify watch per directory and a
    /// thread woken by every file written anywhere below. Run from a directory where a measurement wrote its files,
    /// that thread took 7.8 % of an instance's CPU (perf, 20 s at 600 payments/s).
    /// </summary>
    private const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplication Build(string[] args, ServerOptions options, TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder([NoConfigurationReload, .. args]);
        // Nothing is logged per request: ASP.NET Core's own request lines stay off the hot path.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Hosting starts an Activity for every request whenever its logger is enabled at any level; nothing
        // here reads one, so that logger is off and requests carry no Activity.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(5));
        AddServices(builder.Services, options, time);

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app, options));
        return app;
    }

    private static void AddServices(IServiceCollection services, ServerOptions options, TimeProvider time)
    {
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton<DispatchCounters>();
        services.AddRelayMetrics();
        services.AddSingleton<PaymentLedger>();
        services.AddSingleton(new PaymentIntake(options.QueueCapacity));
        if (options.Store == StoreKind.Postgres)
        {
            PostgresMode.AddServices(services, options);
        }
        else
        {
            var journal = options.JournalDirectory is { } directory ? new JournalOptions(directory, options.JournalSync, options.JournalSegmentBytes) : null;
            services.AddSingleton<IPaymentStore>(sp => new EmbeddedStore(
                sp.GetRequiredService<PaymentLedger>(), sp.GetRequiredService<PaymentIntake>(), time, journal, sp.GetRequiredService<ILogger<EmbeddedStore>>()));
        }
        services.AddSingleton(new RoutingPolicy(options));
        services.AddSingleton(sp => new Dispatcher(
            sp.GetRequiredService<PaymentIntake>(),
            sp.GetRequiredService<IPaymentStore>(),
            [Monitor(ProcessorKind.Default), Monitor(ProcessorKind.Fallback)],
            [Client(options.DefaultProcessorUrl, sp.AttemptRecorder(ProcessorKind.Default)), Client(options.FallbackProcessorUrl, sp.AttemptRecorder(ProcessorKind.Fallback))],
            sp.GetRequiredService<RoutingPolicy>(),
            sp.GetRequiredService<DispatchCounters>(),
            time,
            sp.GetRequiredService<ILogger<Dispatcher>>(),
            options.DispatchThreadNice));
        var peer = options.PeerUrl is null ? null : new PeerClient(options.PeerUrl, options.PeerTimeout, time);
        if (peer is not null)
        {
            services.AddSingleton(peer);
            services.AddSingleton(sp => new PaymentHandOff(sp.GetRequiredService<IPaymentStore>(), peer, time, sp.GetRequiredService<ILogger<PaymentHandOff>>()));
        }

        services.AddSingleton(sp => new PeerReservations(sp.GetRequiredService<IPaymentStore>(), peer, sp.GetRequiredService<ILogger<PeerReservations>>()));
        services.AddSingleton(sp => new ClusterLedger(
            sp.GetRequiredService<IPaymentStore>(), peer, sp.GetRequiredService<ILogger<ClusterLedger>>(), sp.GetRequiredService<PeerReservations>()));
        services.AddSingleton<HealthBoard>();
        services.AddSingleton(sp => new HealthPoller(options, sp.GetRequiredService<HealthBoard>(), peer, time, sp.GetRequiredService<ILogger<HealthPoller>>()));
        services.AddSingleton<PaymentsEndpoint>();
        services.AddSingleton<LedgerEndpoints>();
        services.AddSingleton<OperationsEndpoints>();
        services.AddSingleton<InternalEndpoints>();
        services.AddSingleton<RequestRouter>();
        services.AddSingleton<HttpDate>();
        services.AddSingleton<Http1ConnectionHandler>();
        // PayRelay's own server binds the --urls in Kestrel's place and reads every request itself.
        services.AddSingleton<IServer, WireServer>();
        services.AddHostedService<DrainService>();
        if (options.Store != StoreKind.Postgres)
        {
            // With a shared database the deployment elects its pollers there (PostgresMode).
            services.AddHostedService(sp => sp.GetRequiredService<HealthPoller>());
            services.AddSingleton(sp => new HealthPollingView(() => sp.GetRequiredService<HealthPoller>().Polling));
        }

        services.AddHostedService<FailureReporter>();

        ProcessorMonitor Monitor(ProcessorKind kind) => new(kind, time, options.MaxInFlightPerProcessor, options.ProbeInterval,
            new ConcurrencyLimiter(Math.Min(options.DispatchMaxConcurrency, options.MaxInFlightPerProcessor), options.DispatchSlowStart, time, options.DispatchQueueTarget));
        ProcessorClient Client(Uri url, AttemptRecorder recorder) => new(url, options.MaxInFlightPerProcessor, options.ProcessorTimeout, time, recorder);
    }

    private static void OnStarted(WebApplication app, ServerOptions options)
    {
        foreach (var url in app.Urls)
        {
            // The balancer may run as another user: let it connect to the socket this instance created.
            if (!OperatingSystem.IsWindows() && Http1Client.TryUnixSocketPath(url, out var socketPath) && File.Exists(socketPath))
            {
                File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
            }
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PayRelay.Server");
        Log.Started(logger, options.InstanceId, options.DefaultProcessorUrl, options.DefaultProcessorFee, options.FallbackProcessorUrl,
            options.FallbackProcessorFee, options.PeerUrl ?? "none", (long)options.EffectiveFallbackAfter.TotalMilliseconds);
        foreach (var (variable, replacement) in options.Ignored)
        {
            Log.SettingIgnored(logger, variable, replacement);
        }
    }
}
