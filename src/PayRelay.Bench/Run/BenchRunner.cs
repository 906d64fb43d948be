using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Run;

/// <summary>
/// Runs one scenario the way the official k6 script does: setup, the payment users, the
/// consistency user and the stage timeline together, then teardown and the score.
/// </summary>
public sealed partial class BenchRunner(BenchSettings settings)
{
    private readonly List<string> _warnings = [];
    private BenchAbortedException? _stageFailure;

    public async Task<BenchOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var scenario = settings.Scenario;
        var clock = new LoadClock(settings.Time);
        var counters = new RunCounters();
        var pooled = settings.Connections == ConnectionMode.Pooled;
        using var client = new TestClient(settings.Backend, settings.DefaultProcessor, settings.FallbackProcessor, settings.Token, scenario.RequestTimeout, clock,
            pooled ? counters.ConnectionOpened : null);
        await SetupAsync(client, cancellationToken);

        var users = new VirtualUsers(client, scenario, clock, counters, settings.Connections);
        var checker = new ConsistencyChecker(client, scenario, clock, counters);
        var stages = new StageDriver(client, scenario, clock);
        using var poller = new StatusPoller(settings.StatusEndpoints.Count > 0 ? settings.StatusEndpoints : [settings.Backend], clock);
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
            await Task.WhenAll(users.RunAsync(abort.Token), checker.RunAsync(abort.Token), stageTask);
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
        var unanswered = await LookUpUnansweredAsync(client, users.Unanswered, cancellationToken);
        var score = Scorer.Compute(input);
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
        };
    }

    private async Task AbortOnFailure(Task stageTask, CancellationTokenSource abort)
    {
        try
        {
            await stageTask;
        }
        catch (BenchAbortedException e)
        {
            _stageFailure = e;
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
