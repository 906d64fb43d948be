using System.Diagnostics.Metrics;

namespace PayRelay.Server.Observability;

public sealed partial class RelayObservations
{
    private void AddProcessors(Meter meter)
    {
        meter.CreateObservableGauge("payrelay.processor.state", States, "1",
            "Each processor's state as the router sees it: 1 for the state it is in (healthy, suspect, slow, failing), 0 for the others");
        meter.CreateObservableGauge("payrelay.processor.in_flight", InFlight, Attempts,
            "Attempts running now on each processor");
        meter.CreateObservableGauge("payrelay.processor.limit", Limit, Attempts,
            "Each processor's adaptive concurrency limit: the regular attempts it may have running at once on this instance");
        meter.CreateObservableGauge("payrelay.processor.expected_latency", ExpectedLatency, "s",
            "The latency a new payment should expect from each processor, from calls, calls still running and the health poll");
        meter.CreateObservableGauge("payrelay.processor.health.failing", HealthFailing, "1",
            "The latest health poll of each processor: 1 when it reported failing (absent before the first poll)");
        meter.CreateObservableGauge("payrelay.processor.health.min_response_time", HealthMinResponseTime, "s",
            "The latest health poll of each processor: the minimum response time it reported (absent before the first poll)");
    }

    private IEnumerable<Measurement<int>> States()
    {
        foreach (var kind in Kinds)
        {
            var state = (int)_dispatcher.Monitor(kind).View().State(_safeLatencyMs);
            for (var s = 0; s < StateNames.Length; s++)
            {
                yield return new(s == state ? 1 : 0, Processor(kind), new("state", StateNames[s]));
            }
        }
    }

    private IEnumerable<Measurement<int>> InFlight()
    {
        foreach (var kind in Kinds)
        {
            yield return new(_dispatcher.Monitor(kind).View().InFlight, Processor(kind));
        }
    }

    private IEnumerable<Measurement<int>> Limit()
    {
        foreach (var kind in Kinds)
        {
            yield return new(_dispatcher.Monitor(kind).Limit, Processor(kind));
        }
    }

    private IEnumerable<Measurement<double>> ExpectedLatency()
    {
        foreach (var kind in Kinds)
        {
            yield return new(_dispatcher.Monitor(kind).View().ExpectedLatencyMs / 1000.0, Processor(kind));
        }
    }

    private IEnumerable<Measurement<int>> HealthFailing()
    {
        foreach (var kind in Kinds)
        {
            if (_board.Latest(kind) is { } share)
            {
                yield return new(share.Failing ? 1 : 0, Processor(kind));
            }
        }
    }

    private IEnumerable<Measurement<double>> HealthMinResponseTime()
    {
        foreach (var kind in Kinds)
        {
            if (_board.Latest(kind) is { } share)
            {
                yield return new(share.MinResponseTime / 1000.0, Processor(kind));
            }
        }
    }
}
