using PayRelay.Server.Configuration;

namespace PayRelay.Server.Tests.Configuration;

public class ServerOptionsEnvironmentTests
{
    private static ServerOptions Read(params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value);
        return ServerOptionsEnvironment.Read(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Read_Nothing_FitsTheOfficialDockerNetwork()
    {
        var options = Read();

        Assert.Equal(new Uri("http://payment-processor-default:8080"), options.DefaultProcessorUrl);
        Assert.Equal(new Uri("http://payment-processor-fallback:8080"), options.FallbackProcessorUrl);
        Assert.Equal(0.05m, options.DefaultProcessorFee);
        Assert.Equal(0.15m, options.FallbackProcessorFee);
        Assert.Null(options.PeerUrl);
        Assert.Equal(HealthPollRole.Primary, options.HealthPoll);
        Assert.Equal(TimeSpan.FromSeconds(15), options.AuditLookback);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.StampLead);
    }

    [Fact]
    public void Read_EveryVariable_IsApplied()
    {
        var options = Read(
            ("DEFAULT_PROCESSOR_URL", "http://127.0.0.1:8001"),
            ("FALLBACK_PROCESSOR_URL", "http://127.0.0.1:8002"),
            ("DEFAULT_PROCESSOR_FEE", "0.07"),
            ("FALLBACK_PROCESSOR_FEE", "0.10"),
            ("INSTANCE_ID", "api2"),
            ("PEER_URL", "http://unix:/sockets/api1.sock"),
            ("HEALTH_POLL", "standby"),
            ("MAX_IN_FLIGHT_PER_PROCESSOR", "64"),
            ("FALLBACK_AFTER_MS", "2500"),
            ("AUDIT_LOOKBACK_MS", "20000"),
            ("STAMP_LEAD_MS", "0"),
            ("SHUTDOWN_TIMEOUT_SECONDS", "3"));

        Assert.Equal(new Uri("http://127.0.0.1:8001"), options.DefaultProcessorUrl);
        Assert.Equal(0.10m, options.FallbackProcessorFee);
        Assert.Equal("api2", options.InstanceId);
        Assert.Equal("http://unix:/sockets/api1.sock", options.PeerUrl);
        Assert.Equal(HealthPollRole.Standby, options.HealthPoll);
        Assert.Equal(64, options.MaxInFlightPerProcessor);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.EffectiveFallbackAfter);
        Assert.Equal(TimeSpan.FromSeconds(20), options.AuditLookback);
        Assert.Equal(TimeSpan.Zero, options.StampLead);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ShutdownTimeout);
    }

    [Fact]
    public void Read_ConnectionLimitAndAdminToken_AppliedOrDefaulted()
    {
        var defaults = Read();
        var set = Read(("MAX_CONNECTIONS", "300"), ("ADMIN_TOKEN", " s3cret "));

        Assert.Equal(1024, defaults.MaxConnections);
        Assert.Null(defaults.AdminToken);
        Assert.Null(Read(("ADMIN_TOKEN", "  ")).AdminToken);
        Assert.Equal(300, set.MaxConnections);
        Assert.Equal("s3cret", set.AdminToken);
    }

    [Fact]
    public void Read_DispatchSettings_AppliedOrDefaulted()
    {
        var defaults = Read();
        var set = Read(("DISPATCH_MAX_CONCURRENCY", "32"), ("DISPATCH_SLOW_START_MS", "2000"), ("DISPATCH_THREAD_NICE", "5"), ("DISPATCH_QUEUE_TARGET", "10"));

        Assert.Equal(256, defaults.DispatchMaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.DispatchSlowStart);
        Assert.Null(defaults.DispatchThreadNice);
        Assert.Equal(6, defaults.DispatchQueueTarget);
        Assert.Equal(10, set.DispatchQueueTarget);
        Assert.Equal(32, set.DispatchMaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(2), set.DispatchSlowStart);
        Assert.Equal(5, set.DispatchThreadNice);
        Assert.Equal(-3, Read(("DISPATCH_THREAD_NICE", "-3")).DispatchThreadNice);
    }

    [Fact]
    public void Read_RetiredDispatchRate_IsIgnoredAndNamedWithWhatReplacedIt()
    {
        Assert.Empty(Read().Ignored);

        var options = Read(("MAX_DISPATCH_PER_SECOND", "150"));

        var (variable, replacement) = Assert.Single(options.Ignored);
        Assert.Equal("MAX_DISPATCH_PER_SECOND", variable);
        Assert.Contains("DISPATCH_MAX_CONCURRENCY", replacement);
        Assert.Equal(Read() with { Ignored = [] }, options with { Ignored = [] });
    }

    [Theory]
    [InlineData("DISPATCH_MAX_CONCURRENCY", "0")]
    [InlineData("DISPATCH_QUEUE_TARGET", "0")]
    [InlineData("DISPATCH_SLOW_START_MS", "-1")]
    [InlineData("DISPATCH_THREAD_NICE", "20")]
    [InlineData("DISPATCH_THREAD_NICE", "-21")]
    [InlineData("DISPATCH_THREAD_NICE", "low")]
    [InlineData("MAX_CONNECTIONS", "0")]
    [InlineData("MAX_CONNECTIONS", "many")]
    [InlineData("DEFAULT_PROCESSOR_URL", "not a url")]
    [InlineData("DEFAULT_PROCESSOR_FEE", "5%")]
    [InlineData("FALLBACK_PROCESSOR_FEE", "1.5")]
    [InlineData("HEALTH_POLL", "sometimes")]
    [InlineData("MAX_IN_FLIGHT_PER_PROCESSOR", "0")]
    [InlineData("STORE", "redis")]
    [InlineData("POSTGRES_START_TIMEOUT_MS", "soon")]
    public void Read_BadValue_FailsNamingTheVariable(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((name, value)));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Read_Store_IsEmbeddedUnlessPostgresIsAskedFor()
    {
        Assert.Equal(StoreKind.Embedded, Read().Store);
        Assert.Equal(StoreKind.Embedded, Read(("STORE", "embedded")).Store);

        var postgres = Read(("STORE", "postgres"), ("POSTGRES_URL", "Host=db;Username=payrelay;Database=payrelay"), ("POSTGRES_START_TIMEOUT_MS", "5000"));

        Assert.Equal(StoreKind.Postgres, postgres.Store);
        Assert.Equal("Host=db;Username=payrelay;Database=payrelay", postgres.PostgresUrl);
        Assert.Equal(TimeSpan.FromSeconds(5), postgres.PostgresStartTimeout);
    }

    [Fact]
    public void Read_StorePostgresWithoutUrl_FailsNamingPostgresUrl()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("STORE", "postgres")));

        Assert.Contains("POSTGRES_URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.05", "0.15", 30_000)]
    [InlineData("0.07", "0.10", 6_428)]
    [InlineData("0.05", "0.05", 1_000)]
    public void EffectiveFallbackAfter_GrowsWithHowMuchDearerTheFallbackIs(string defaultFee, string fallbackFee, int expectedMs)
    {
        var options = Read(("DEFAULT_PROCESSOR_FEE", defaultFee), ("FALLBACK_PROCESSOR_FEE", fallbackFee));

        Assert.Equal(expectedMs, (int)options.EffectiveFallbackAfter.TotalMilliseconds);
    }
}
