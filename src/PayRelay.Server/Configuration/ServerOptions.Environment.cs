using System.Globalization;

namespace PayRelay.Server.Configuration;

/// <summary>Reads <see cref="ServerOptions"/> from environment variables, rejecting bad values with a clear message.</summary>
public static class ServerOptionsEnvironment
{
    /// <summary>Settings that are gone, and what took their place; set, each is logged once and otherwise ignored.</summary>
    public static readonly IReadOnlyList<(string Variable, string Replacement)> Retired =
    [
        ("MAX_DISPATCH_PER_SECOND", "there is no fixed dispatch rate any more; each processor's adaptive concurrency limit "
            + "(DISPATCH_MAX_CONCURRENCY, DISPATCH_SLOW_START_MS) follows what the processors and the machine take"),
    ];

    public static ServerOptions Read(Func<string, string?> get)
    {
        var defaults = new ServerOptions();
        var options = new ServerOptions
        {
            DefaultProcessorUrl = Url(get, "DEFAULT_PROCESSOR_URL", defaults.DefaultProcessorUrl),
            FallbackProcessorUrl = Url(get, "FALLBACK_PROCESSOR_URL", defaults.FallbackProcessorUrl),
            DefaultProcessorFee = Fee(get, "DEFAULT_PROCESSOR_FEE", defaults.DefaultProcessorFee),
            FallbackProcessorFee = Fee(get, "FALLBACK_PROCESSOR_FEE", defaults.FallbackProcessorFee),
            InstanceId = NonEmpty(get("INSTANCE_ID")) ?? defaults.InstanceId,
            PeerUrl = NonEmpty(get("PEER_URL")),
            HealthPoll = Role(get("HEALTH_POLL")),
            MaxInFlightPerProcessor = Int(get, "MAX_IN_FLIGHT_PER_PROCESSOR", defaults.MaxInFlightPerProcessor, 1),
            ProcessorTimeout = Ms(get, "PROCESSOR_TIMEOUT_MS", defaults.ProcessorTimeout),
            DispatchMaxConcurrency = Int(get, "DISPATCH_MAX_CONCURRENCY", defaults.DispatchMaxConcurrency, 1),
            DispatchSlowStart = Ms(get, "DISPATCH_SLOW_START_MS", defaults.DispatchSlowStart),
            DispatchThreadNice = Nice(get, "DISPATCH_THREAD_NICE"),
            DispatchQueueTarget = Int(get, "DISPATCH_QUEUE_TARGET", defaults.DispatchQueueTarget, 1),
            Ignored = [.. Retired.Where(r => NonEmpty(get(r.Variable)) is not null)],
            SafeLatency = Ms(get, "SAFE_LATENCY_MS", defaults.SafeLatency),
            AuditLookback = Ms(get, "AUDIT_LOOKBACK_MS", defaults.AuditLookback),
            StampLead = Ms(get, "STAMP_LEAD_MS", defaults.StampLead),
            FallbackAfter = NonEmpty(get("FALLBACK_AFTER_MS")) is null ? null : Ms(get, "FALLBACK_AFTER_MS", TimeSpan.Zero),
            ProbeInterval = Ms(get, "PROBE_INTERVAL_MS", defaults.ProbeInterval),
            HealthPollInterval = Ms(get, "HEALTH_POLL_INTERVAL_MS", defaults.HealthPollInterval),
            PeerTimeout = Ms(get, "PEER_TIMEOUT_MS", defaults.PeerTimeout),
            QueueCapacity = Int(get, "QUEUE_CAPACITY", defaults.QueueCapacity, 1),
            MaxConnections = Int(get, "MAX_CONNECTIONS", defaults.MaxConnections, 1),
            AdminToken = NonEmpty(get("ADMIN_TOKEN")),
            ShutdownTimeout = TimeSpan.FromSeconds(Int(get, "SHUTDOWN_TIMEOUT_SECONDS", (int)defaults.ShutdownTimeout.TotalSeconds, 0)),
            Store = Store(get("STORE")),
            PostgresUrl = NonEmpty(get("POSTGRES_URL")),
            PostgresStartTimeout = Ms(get, "POSTGRES_START_TIMEOUT_MS", defaults.PostgresStartTimeout),
            PostgresLease = Ms(get, "POSTGRES_LEASE_MS", defaults.PostgresLease),
        };
        if (options.Store == StoreKind.Postgres && options.PostgresUrl is null)
        {
            throw new InvalidOperationException("STORE=postgres needs POSTGRES_URL, an Npgsql connection string such as 'Host=db;Username=payrelay;Password=...;Database=payrelay'.");
        }

        return options;
    }

    private static StoreKind Store(string? raw) => NonEmpty(raw)?.ToLowerInvariant() switch
    {
        null or "embedded" => StoreKind.Embedded,
        "postgres" or "postgresql" => StoreKind.Postgres,
        _ => throw new InvalidOperationException($"STORE must be 'embedded' or 'postgres'; got '{raw}'."),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri Url(Func<string, string?> get, string name, Uri fallback)
    {
        var raw = NonEmpty(get(name));
        if (raw is null)
        {
            return fallback;
        }

        return Uri.TryCreate(raw, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"{name} must be an absolute http(s) URL, got '{raw}'.");
    }

    private static decimal Fee(Func<string, string?> get, string name, decimal fallback)
    {
        var raw = NonEmpty(get(name));
        if (raw is null)
        {
            return fallback;
        }

        return decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var fee) && fee >= 0m && fee < 1m
            ? fee
            : throw new InvalidOperationException($"{name} must be a fraction in [0, 1), like 0.05; got '{raw}'.");
    }

    private static int Int(Func<string, string?> get, string name, int fallback, int min)
    {
        var raw = NonEmpty(get(name));
        if (raw is null)
        {
            return fallback;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new InvalidOperationException($"{name} must be a whole number >= {min}; got '{raw}'.");
    }

    private static int? Nice(Func<string, string?> get, string name)
    {
        var raw = NonEmpty(get(name));
        if (raw is null)
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value is >= -20 and <= 19
            ? value
            : throw new InvalidOperationException($"{name} must be a nice value from -20 to 19; got '{raw}'.");
    }

    private static TimeSpan Ms(Func<string, string?> get, string name, TimeSpan fallback) =>
        TimeSpan.FromMilliseconds(Int(get, name, (int)fallback.TotalMilliseconds, 0));

    private static HealthPollRole Role(string? raw) => NonEmpty(raw)?.ToLowerInvariant() switch
    {
        null or "primary" => HealthPollRole.Primary,
        "standby" => HealthPollRole.Standby,
        _ => throw new InvalidOperationException($"HEALTH_POLL must be 'primary' or 'standby'; got '{raw}'."),
    };
}
