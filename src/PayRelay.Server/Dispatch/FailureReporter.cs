namespace PayRelay.Server.Dispatch;

/// <summary>Logs, at most once per period and only when something failed, a summary of failures per processor.</summary>
public sealed class FailureReporter(Dispatcher dispatcher, DispatchCounters counters, TimeProvider time, ILogger<FailureReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = new long[ProcessorKinds.Count];
        var timeouts = new long[ProcessorKinds.Count];
        var retried = counters.Retried;
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var retriedNow = counters.Retried;
            for (var i = 0; i < ProcessorKinds.Count; i++)
            {
                var monitor = dispatcher.Monitor((ProcessorKind)i);
                var (f, t) = (monitor.Failures, monitor.Timeouts);
                if (f > failures[i])
                {
                    Log.FailureSummary(logger, ProcessorKinds.Name((ProcessorKind)i), (int)Period.TotalSeconds, f - failures[i], t - timeouts[i], retriedNow - retried);
                }

                (failures[i], timeouts[i]) = (f, t);
            }

            retried = retriedNow;
        }
    }
}
