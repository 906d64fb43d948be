using PayRelay.Bench.Scenarios;

namespace PayRelay.Bench.Run;

/// <summary>A stage as applied: when its last admin call returned.</summary>
public sealed record AppliedStage(Stage Stage, TimeSpan AppliedAt);

/// <summary>
/// Applies the timeline through the processors' admin API at each stage's time, in the official
/// order (default delay, fallback delay, default failure, fallback failure). A call that does not
/// answer 200 aborts the run, as the official script aborts the test. Each answer's previous value goes to
/// <paramref name="settings"/>, so the processors can be put back as they were when the run ends.
/// </summary>
public sealed class StageDriver(TestClient client, Scenario scenario, LoadClock clock, ProcessorSettings? settings = null)
{
    private readonly List<AppliedStage> _applied = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<AppliedStage> Applied
    {
        get
        {
            lock (_gate)
            {
                return [.. _applied];
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var stage in scenario.Stages)
        {
            if (stage.At >= scenario.Duration)
            {
                break;
            }

            await clock.WaitUntilAsync(stage.At, cancellationToken);
            await ApplyAsync(stage, cancellationToken);
            lock (_gate)
            {
                _applied.Add(new AppliedStage(stage, clock.Elapsed));
            }
        }
    }

    public async Task ApplyAsync(Stage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stage);
        await SetDelayAsync(ProcessorRole.Default, stage.Default.DelayMilliseconds, cancellationToken);
        await SetDelayAsync(ProcessorRole.Fallback, stage.Fallback.DelayMilliseconds, cancellationToken);
        await SetFailureAsync(ProcessorRole.Default, stage.Default.Failing, cancellationToken);
        await SetFailureAsync(ProcessorRole.Fallback, stage.Fallback.Failing, cancellationToken);
    }

    private async Task SetDelayAsync(ProcessorRole role, int milliseconds, CancellationToken cancellationToken)
    {
        var answer = await client.PutDelayAsync(role, milliseconds, cancellationToken);
        Expect200(answer.Status, "delay", role);
        if (answer.Body?.Was is { } was)
        {
            settings?.DelayChanged(role, was);
        }
    }

    private async Task SetFailureAsync(ProcessorRole role, bool failing, CancellationToken cancellationToken)
    {
        var answer = await client.PutFailureAsync(role, failing, cancellationToken);
        Expect200(answer.Status, "failure", role);
        if (answer.Body?.Was is { } was)
        {
            settings?.FailureChanged(role, was);
        }
    }

    private static void Expect200(int status, string setting, ProcessorRole role)
    {
        if (status != 200)
        {
            throw new BenchAbortedException($"setting the {setting} of the {role.ToString().ToLowerInvariant()} processor answered {StatusText(status)}; the official test aborts here");
        }
    }

    internal static string StatusText(int status) => status == 0 ? "nothing within the timeout" : $"HTTP {status}";
}
