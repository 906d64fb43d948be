using PayRelay.Bench.Http;
using PayRelay.Bench.Scenarios;

namespace PayRelay.Bench.Run;

/// <summary>One consistency check: the window, what each side reported, and the count it added.</summary>
public sealed record CheckRecord(
    TimeSpan At,
    DateTimeOffset From,
    DateTimeOffset To,
    SummaryPart Backend,
    SummaryPart BackendFallback,
    long DefaultProcessor,
    long FallbackProcessor,
    bool AllAnswered)
{
    /// <summary>|backend default − processor default| + |backend fallback − processor fallback|, in payments.</summary>
    public long Inconsistencies =>
        Math.Abs(Backend.TotalRequests - DefaultProcessor) + Math.Abs(BackendFallback.TotalRequests - FallbackProcessor);
}

/// <summary>
/// The consistency user: from the start and then after each pause, it asks the backend and both
/// processors, at the same instant, for the payments of <c>[now − lookback, now − margin]</c> and
/// adds the difference in counts. A summary that does not answer 200 reads as zeros, as in the
/// official script.
/// </summary>
public sealed class ConsistencyChecker(TestClient client, Scenario scenario, LoadClock clock, RunCounters counters)
{
    private readonly List<CheckRecord> _records = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<CheckRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    public event Action<CheckRecord>? Inconsistent;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (clock.Elapsed < scenario.Duration)
        {
            await CheckOnceAsync(cancellationToken);
            await Task.Delay(scenario.ConsistencyInterval, clock.Time, cancellationToken);
        }
    }

    public async Task<CheckRecord> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var at = clock.Elapsed;
        var now = clock.Time.GetUtcNow();
        var from = now - scenario.ConsistencyLookback;
        var to = now - scenario.ConsistencyMargin;
        var defaultTask = client.GetProcessorSummaryAsync(ProcessorRole.Default, from, to, cancellationToken);
        var fallbackTask = client.GetProcessorSummaryAsync(ProcessorRole.Fallback, from, to, cancellationToken);
        var backendTask = client.GetBackendSummaryAsync(from, to, cancellationToken);
        var defaultAnswer = await defaultTask;
        var fallbackAnswer = await fallbackTask;
        var backendAnswer = await backendTask;

        var backend = backendAnswer.Status == 200 && backendAnswer.Body is { } b ? b : BackendSummary.Empty;
        var record = new CheckRecord(
            at,
            from,
            to,
            backend.Default ?? BackendSummary.Empty.Default!,
            backend.Fallback ?? BackendSummary.Empty.Fallback!,
            CountOf(defaultAnswer),
            CountOf(fallbackAnswer),
            defaultAnswer.Status == 200 && fallbackAnswer.Status == 200 && backendAnswer.Status == 200);
        lock (_gate)
        {
            _records.Add(record);
        }

        counters.CheckDone(record.Inconsistencies);
        if (record.Inconsistencies > 0)
        {
            Inconsistent?.Invoke(record);
        }

        return record;
    }

    private static long CountOf(TestClient.Answer<ProcessorSummary> answer) =>
        answer.Status == 200 && answer.Body is { } summary ? summary.TotalRequests : 0;
}
