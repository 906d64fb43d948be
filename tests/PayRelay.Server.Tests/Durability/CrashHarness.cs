using System.Globalization;
using System.Net;
using PayRelay.ProcessorEmulator;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Durability;

/// <summary>
/// Two processor emulators and one PayRelay process journaling to a directory that outlives it: the process can be
/// killed and started again on the same journal, and every payment checked on the processors afterwards.
/// </summary>
public sealed class CrashHarness : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;

    private CrashHarness(string directory, EmulatorHost defaultProcessor, EmulatorHost fallbackProcessor, Dictionary<string, string> environment)
    {
        _directory = directory;
        Default = defaultProcessor;
        Fallback = fallbackProcessor;
        _environment = environment;
    }

    public EmulatorHost Default { get; }

    public EmulatorHost Fallback { get; }

    public ServerProcess Server { get; private set; } = null!;

    public string JournalDirectory => Path.Combine(_directory, "journal");

    public static async Task<CrashHarness> StartAsync(params (string Key, string Value)[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("payrelay-crash-").FullName;
        var window = TimeSpan.FromSeconds(1);
        var defaultProcessor = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = 0.05m, RateLimitWindow = window });
        var fallbackProcessor = await EmulatorHost.StartAsync(new EmulatorOptions { TransactionFee = 0.15m, RateLimitWindow = window });
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["INSTANCE_ID"] = "api1",
            ["DEFAULT_PROCESSOR_URL"] = defaultProcessor.BaseAddress.ToString(),
            ["FALLBACK_PROCESSOR_URL"] = fallbackProcessor.BaseAddress.ToString(),
            ["HEALTH_POLL"] = "primary",
            ["HEALTH_POLL_INTERVAL_MS"] = "1100",
            ["PROBE_INTERVAL_MS"] = "100",
            ["PROCESSOR_TIMEOUT_MS"] = "3000",
            ["JOURNAL_DIR"] = Path.Combine(directory, "journal"),
            ["JOURNAL_SYNC"] = "none",
            ["SHUTDOWN_TIMEOUT_SECONDS"] = "10",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var harness = new CrashHarness(directory, defaultProcessor, fallbackProcessor, environment);
        await harness.StartServerAsync();
        return harness;
    }

    /// <summary>Starts the instance (again) on the same journal.</summary>
    public async Task StartServerAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Server = await ServerProcess.StartAsync(Path.Combine(_directory, "api1.sock"), _environment);
    }

    /// <summary>Posts <paramref name="count"/> payments, eight at a time; returns the ids answered 202.</summary>
    public async Task<List<Guid>> PostAsync(int count)
    {
        var accepted = new List<Guid>();
        for (var start = 0; start < count; start += 8)
        {
            var ids = Enumerable.Range(0, Math.Min(8, count - start)).Select(_ => Guid.NewGuid()).ToList();
            var statuses = await Task.WhenAll(ids.Select(id => Server.PostPaymentAsync(id)));
            accepted.AddRange(ids.Where((_, i) => statuses[i] == HttpStatusCode.Accepted));
        }

        return accepted;
    }

    /// <summary>
    /// Waits until every id is charged by a processor, then checks the rule: each once, by one processor, and the
    /// backend's summary equal to the processors' books.
    /// </summary>
    public async Task AssertEachChargedOnceAsync(IReadOnlyCollection<Guid> ids, TimeSpan deadline)
    {
        await Eventually.HoldsAsync(() => ids.All(Charged), $"all {ids.Count} accepted payments charged", deadline);
        foreach (var id in ids)
        {
            Assert.False(Default.State.TryGet(id, out _) && Fallback.State.TryGet(id, out _), $"{id} charged by both processors");
        }

        var processors = (Totals.Of(Default.State.GetSummary(null, null)), Totals.Of(Fallback.State.GetSummary(null, null)));
        Assert.Equal(ids.Count, processors.Item1.Requests + processors.Item2.Requests);
        await Eventually.HoldsAsync(async () => await Server.SummaryAsync() == processors, $"the backend's summary equals the processors' {processors}", TimeSpan.FromSeconds(15));
    }

    private bool Charged(Guid id) => Default.State.TryGet(id, out _) || Fallback.State.TryGet(id, out _);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await Default.DisposeAsync();
        await Fallback.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
