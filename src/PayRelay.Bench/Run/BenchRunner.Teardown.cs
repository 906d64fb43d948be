using PayRelay.Bench.Http;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Run;

public sealed partial class BenchRunner
{
    /// <summary>
    /// Counts the money over <c>[now − window, now]</c>: the backend's own summary (preview) or the
    /// processors' (final), fees always at the processors' own <c>feePerTransaction</c>. A summary
    /// that does not answer 200 counts as zeros, as in the official script.
    /// </summary>
    private async Task<ScoreInput> TeardownAsync(TestClient client, RunCounters counters, CancellationToken cancellationToken)
    {
        var scenario = settings.Scenario;
        var to = settings.Time.GetUtcNow();
        var from = to - scenario.TeardownWindow;
        var defaultSummary = ProcessorOrZero(await client.GetProcessorSummaryAsync(ProcessorRole.Default, from, to, cancellationToken), ProcessorRole.Default);
        var fallbackSummary = ProcessorOrZero(await client.GetProcessorSummaryAsync(ProcessorRole.Fallback, from, to, cancellationToken), ProcessorRole.Fallback);
        ProcessorTotals defaultTotals;
        ProcessorTotals fallbackTotals;
        if (scenario.MoneySource == MoneySource.BackendSummary)
        {
            var answer = await client.GetBackendSummaryAsync(from, to, cancellationToken);
            var backend = answer.Status == 200 && answer.Body is { } body ? body : BackendSummary.Empty;
            if (answer.Status != 200)
            {
                Warn($"the backend's GET /payments-summary at teardown answered {StageDriver.StatusText(answer.Status)}: its money counts as zero");
            }

            defaultTotals = Totals(backend.Default);
            fallbackTotals = Totals(backend.Fallback);
        }
        else
        {
            defaultTotals = new ProcessorTotals(defaultSummary.TotalRequests, defaultSummary.TotalAmount);
            fallbackTotals = new ProcessorTotals(fallbackSummary.TotalRequests, fallbackSummary.TotalAmount);
        }

        CheckFee(ProcessorRole.Default, defaultSummary.FeePerTransaction, scenario.DefaultFee);
        CheckFee(ProcessorRole.Fallback, fallbackSummary.FeePerTransaction, scenario.FallbackFee);
        return new ScoreInput
        {
            SucceededPayments = counters.Succeeded,
            FailedPayments = counters.Failed,
            Default = defaultTotals,
            Fallback = fallbackTotals,
            DefaultFeeRate = defaultSummary.FeePerTransaction,
            FallbackFeeRate = fallbackSummary.FeePerTransaction,
            P99Milliseconds = ExpectedP99(client.Log.ToArray()),
            Inconsistencies = counters.Inconsistencies,
            MaxUsers = scenario.MaxUsers,
        };
    }

    /// <summary>p99 over every request of the test with an expected response (200–399), in milliseconds.</summary>
    public static double ExpectedP99(RequestSample[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var durations = new List<double>(samples.Length);
        foreach (var sample in samples)
        {
            if (sample.IsExpected)
            {
                durations.Add(sample.Duration.TotalMilliseconds);
            }
        }

        var sorted = durations.ToArray();
        Array.Sort(sorted);
        return Percentile.OfSorted(sorted, 0.99);
    }

    private ProcessorSummary ProcessorOrZero(TestClient.Answer<ProcessorSummary> answer, ProcessorRole role)
    {
        if (answer.Status == 200 && answer.Body is { } summary)
        {
            return summary;
        }

        Warn($"the {Name(role)} processor's summary at teardown answered {StageDriver.StatusText(answer.Status)}: it counts as zero");
        return ProcessorSummary.Empty;
    }

    private void CheckFee(ProcessorRole role, decimal reported, decimal expected)
    {
        if (reported != expected)
        {
            Warn($"the {Name(role)} processor charges {reported:0.####} where the {settings.Scenario.Name} scenario expects {expected:0.####}: the score uses what the processor charges, so it is not comparable with official {settings.Scenario.Name} results (start `up` with --fees {settings.Scenario.DefaultFee},{settings.Scenario.FallbackFee} to match)");
        }
    }

    private static ProcessorTotals Totals(SummaryPart? part) => part is null ? default : new ProcessorTotals(part.TotalRequests, part.TotalAmount);
}
