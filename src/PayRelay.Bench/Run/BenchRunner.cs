using PayRelay.Bench.Http;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Run;

/// <summary>
/// Runs one scenario the way the official k6 script does: setup, the payment users, the
/// consistency user and the stage timeline together, then teardown and the score. A scenario
/// with faults also kills services through <c>up</c>'s control channel on its timeline and ends
/// with a charge check. Whatever happens, the processors' delay and failure are put back as
/// they were found.
/// </summary>
public sealed partial class BenchRunner(BenchSettings settings)
{
    private readonly List<string> _warnings = [];
    private BenchAbortedException? _stageFailure;

    public async Task<BenchOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var clock = new LoadClock(settings.Time);
        var checkCharges = settings.CheckCharges || settings.Scenario.Faults.Count > 0;
        var counters = new RunCounters { Ids = checkCharges ? new PaymentIds() : null };
        var pooled = settings.Connections == ConnectionMode.Pooled;
        using var client = new TestClient(settings.Backend, settings.DefaultProcessor, settings.FallbackProcessor, settings.Token, settings.Scenario.RequestTimeout, clock,
            pooled ? counters.ConnectionOpened : null);
        var processors = new ProcessorSettings();
        try
        {
            return await RunAsync(client, clock, counters, processors, cancellationToken);
        }
        finally
        {
            // Aborted or interrupted: the processors still go back as they were (a no-op when done already).
            await RestoreAsync(client, processors);
        }
    }

    private async Task<BenchOutcome> RunAsync(TestClient client, LoadClock clock, RunCounters counters, ProcessorSettings processors, CancellationToken cancellationToken)
    {
        var scenario = settings.Scenario;
        await SetupAsync(client, cancellationToken);
        var statusEndpoints = await PrepareFaultsAsync(cancellationToken);
        var users = new VirtualUsers(client, scenario, clock, counters, settings.Connections);
        var checker = new ConsistencyChecker(client, scenario, clock, counters);
        var stages = new StageDriver(client, scenario, clock, processors);
        var faults = scenario.Faults.Count > 0 ? new FaultDriver(settings.Control!, scenario, clock) : null;
        using var poller = new StatusPoller(statusEndpoints, clock);
        var progress = settings.Console is { } console
            ? new ProgressDisplay(console, console == System.Console.Out && !System.Console.IsOutputRedirected, scenario, clock, counters, client.Log, () => poller.LatestQueueDepth)
            : null;
        checker.Inconsistent += record => progress?.Note(DescribeInconsistency(record));

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var background = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cpu = new CpuMeter(settings.Time);
        var log = client.Log;
        using var ballast = new CpuBallast(settings.GeneratorCpuPerRequest, () => log.Count);
        clock.Start();
        cpu.Start();
        ballast.Start();
        var pollTask = poller.RunAsync(background.Token);
        var progressTask = progress?.RunAsync(background.Token) ?? Task.CompletedTask;
        CpuUse cpuUse;
        try
        {
            var stageTask = AbortOnFailure(stages.RunAsync(abort.Token), abort);
            var faultTask = faults is null ? Task.CompletedTask : AbortOnFailure(faults.RunAsync(abort.Token), abort);
            await Task.WhenAll(users.RunAsync(abort.Token), checker.RunAsync(abort.Token), stageTask, faultTask);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw _stageFailure ?? new BenchAbortedException("the run was aborted");
        }
        finally
        {
            ballast.Stop();
            cpuUse = cpu.Stop(client.Log.Count) with { Ballast = ballast.Burned };
            await background.CancelAsync();
            await Task.WhenAll(pollTask, progressTask);
        }

        var input = await TeardownAsync(client, counters, cancellationToken);
        var unanswered = await LookUpUnansweredAsync(users.Unanswered, cancellationToken);
        var score = Scorer.Compute(input);
        await RestoreAsync(client, processors);
        var charges = counters.Ids is { } ids ? await CheckChargesAsync(ids, clock, statusEndpoints, cancellationToken) : null;
        var stackEvents = faults is null ? [] : await FaultDriver.EventsSinceStartAsync(settings.Control!, clock, cancellationToken);
        var processorSeconds = settings.CollectProcessorTimeline
            ? await CollectProcessorSecondsAsync(client, clock, cancellationToken)
            : [];
        var samples = client.Log.ToArray();
        var status = poller.Points;
        return new BenchOutcome
        {
            Settings = settings,
            StartedAt = clock.StartedAt,
            Input = input,
            Score = score,
            Results = OfficialResults.From(input, score, settings.Participant, settings.Time.GetUtcNow()),
            Samples = samples,
            Checks = checker.Records,
            Stages = stages.Applied,
            Status = status,
            ProcessorSeconds = processorSeconds,
            GeneratorCpu = cpuUse,
            TimedOutPayments = counters.TimedOut,
            Unanswered = unanswered,
            BackendCpu = BackendCpu.From(status, samples.LongCount(s => s.Kind is RequestKind.Payment or RequestKind.BackendSummary)),
            ConnectionsOpened = counters.ConnectionsOpened,
            UsersStarted = counters.UsersStarted,
            Warnings = _warnings,
            Faults = faults?.Applied ?? [],
            StackEvents = stackEvents,
            Charges = charges,
        };
    }

    /// <summary>
    /// A scenario with faults needs <c>up</c>'s control channel, checked before the load starts. Where <c>--status</c>
    /// names no instance, <c>up</c>'s instances are read (else the backend's address).
    /// </summary>
    private async Task<IReadOnlyList<ServiceEndpoint>> PrepareFaultsAsync(CancellationToken cancellationToken)
    {
        var given = settings.StatusEndpoints.Count > 0 ? settings.StatusEndpoints : [settings.Backend];
        if (settings.Scenario.Faults.Count == 0)
        {
            return given;
        }

        if (settings.Control is null)
        {
            throw new BenchAbortedException($"the {settings.Scenario.Name} scenario kills services, which needs up's control channel: run it against `up`, or pass --control PATH");
        }

        var instances = await FaultDriver.PrepareAsync(settings.Control, settings.Scenario, cancellationToken);
        return settings.StatusEndpoints.Count > 0 || instances.Count == 0 ? given : [.. instances.Select(ServiceEndpoint.Parse)];
    }

    private async Task<ChargeCheck> CheckChargesAsync(PaymentIds ids, LoadClock clock, IReadOnlyList<ServiceEndpoint> statusEndpoints, CancellationToken cancellationToken)
    {
        settings.Console?.WriteLine($"charge check: waiting for the backend's backlog (at most {settings.Scenario.SettleDeadline.TotalSeconds:0} s), then looking every payment up on both processors");
        using var charges = new ChargeChecker(settings.Backend, settings.DefaultProcessor, settings.FallbackProcessor, settings.Token, statusEndpoints, settings.Time);
        return await charges.CheckAsync(ids, clock.StartedAt, settings.Scenario.SettleDeadline, cancellationToken);
    }

    private async Task RestoreAsync(TestClient client, ProcessorSettings processors)
    {
        foreach (var failure in await processors.RestoreAsync(client, settings.Time))
        {
            Warn(failure);
        }
    }

    private async Task AbortOnFailure(Task stageTask, CancellationTokenSource abort)
    {
        try
        {
            await stageTask;
        }
        catch (BenchAbortedException e)
        {
            _stageFailure ??= e;
            await abort.CancelAsync();
            throw;
        }
    }

    private void Warn(string message)
    {
        _warnings.Add(message);
        settings.Console?.WriteLine("warning: " + message);
    }

    private static string DescribeInconsistency(CheckRecord record) =>
        $"inconsistency at {record.At.TotalSeconds:0.0}s over [{TestClient.IsoUtc(record.From)}, {TestClient.IsoUtc(record.To)}]: " +
        $"default backend {record.Backend.TotalRequests} vs processor {record.DefaultProcessor}, " +
        $"fallback backend {record.BackendFallback.TotalRequests} vs processor {record.FallbackProcessor}" +
        (record.AllAnswered ? string.Empty : " (a summary did not answer 200 and counts as zero)");
}
