using System.Globalization;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Run;

/// <summary>A fault as carried out: when the control channel did it, and what <c>up</c> said.</summary>
public sealed record AppliedFault(Fault Fault, TimeSpan AppliedAt, string Message);

/// <summary>Something that happened to a service of the stack, on the run's timeline (a signal, an exit, a restart).</summary>
public sealed record StackEvent(TimeSpan At, string Service, string Kind, string Detail);

/// <summary>
/// Carries out the scenario's faults through <c>up</c>'s control channel at their times on the run's clock. A fault
/// that cannot be sent, or that <c>up</c> refuses, aborts the run: what follows would not measure what it says.
/// </summary>
public sealed class FaultDriver(IStackControl control, Scenario scenario, LoadClock clock)
{
    private readonly List<AppliedFault> _applied = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<AppliedFault> Applied
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
        foreach (var fault in scenario.Faults)
        {
            if (fault.At >= scenario.Duration)
            {
                break;
            }

            await clock.WaitUntilAsync(fault.At, cancellationToken);
            var request = new ControlRequest("kill", fault.Instance, fault.Signal, fault.RestartAfter?.TotalSeconds);
            ControlResponse response;
            try
            {
                response = await control.SendAsync(request, cancellationToken);
            }
            catch (ControlUnavailableException e)
            {
                throw new BenchAbortedException($"the fault at {Seconds(fault.At)} s ({fault.Action}) could not be sent: {e.Message}", e);
            }

            if (!response.Ok)
            {
                throw new BenchAbortedException($"the fault at {Seconds(fault.At)} s ({fault.Action}) was refused by up: {response.Error}");
            }

            lock (_gate)
            {
                _applied.Add(new AppliedFault(fault, clock.Elapsed, response.Message ?? string.Empty));
            }
        }
    }

    /// <summary>
    /// Checks before the run that the channel answers and runs every service the faults name; returns the
    /// instances' addresses (api1, api2) for reading their queues.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(IStackControl control, Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(scenario);
        ControlResponse status;
        try
        {
            status = await control.SendAsync(ControlRequest.Status, cancellationToken);
        }
        catch (ControlUnavailableException e)
        {
            throw new BenchAbortedException($"the {scenario.Name} scenario kills services through up's control channel: {e.Message}", e);
        }

        var services = status.Services ?? [];
        foreach (var fault in scenario.Faults)
        {
            if (!services.Any(s => s.Name == fault.Instance))
            {
                throw new BenchAbortedException(
                    $"a fault names '{fault.Instance}', which up does not run (it runs {string.Join(", ", services.Select(s => s.Name))})");
            }
        }

        return services.Where(s => s.Name.StartsWith("api", StringComparison.Ordinal) && s.Url is not null).Select(s => s.Url!).ToList();
    }

    /// <summary>What happened to the stack's services from the start of the run on, placed on its timeline.</summary>
    public static async Task<IReadOnlyList<StackEvent>> EventsSinceStartAsync(IStackControl control, LoadClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(clock);
        try
        {
            var status = await control.SendAsync(ControlRequest.Status, cancellationToken);
            return (status.Events ?? [])
                .Where(e => e.At >= clock.StartedAt)
                .Select(e => new StackEvent(e.At - clock.StartedAt, e.Service, e.Kind, e.Detail))
                .ToList();
        }
        catch (ControlUnavailableException)
        {
            return [];
        }
    }

    private static string Seconds(TimeSpan at) => at.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
