namespace PayRelay.Bench.Scenarios;

/// <summary>
/// Issue 16's two experiments as scenarios: instances killed and restarted under a constant load, every payment
/// then looked up on the processors. They need <c>up</c>'s control channel, and the preview's fees.
/// </summary>
public static class FaultScenarios
{
    /// <summary>Processors healthy, 150 users (≈ 150 payments/s) for 80 s: kill -9 api1 at 15 s, back at 25 s; SIGTERM api2 at 45 s, back at 52 s.</summary>
    public static Scenario Healthy { get; } = Constant("faults-healthy", 80, 150) with
    {
        Stages = [At(0, defaultFailing: false)],
        Faults =
        [
            new Fault(TimeSpan.FromSeconds(15), "api1", Fault.Kill, TimeSpan.FromSeconds(10)),
            new Fault(TimeSpan.FromSeconds(45), "api2", Fault.Term, TimeSpan.FromSeconds(7)),
        ],
    };

    /// <summary>
    /// The default failing and the fallback healthy, 100 users (≈ 100 payments/s) for 45 s: kill -9 api1 at 14 s,
    /// SIGTERM api2 at 18 s, both back at 29 s; the default recovers at 37 s.
    /// </summary>
    public static Scenario FailingDefault { get; } = Constant("faults-failing", 45, 100) with
    {
        Stages = [At(0, defaultFailing: true), At(37, defaultFailing: false)],
        Faults =
        [
            new Fault(TimeSpan.FromSeconds(14), "api1", Fault.Kill, TimeSpan.FromSeconds(15)),
            new Fault(TimeSpan.FromSeconds(18), "api2", Fault.Term, TimeSpan.FromSeconds(11)),
        ],
    };

    private static Scenario Constant(string name, int seconds, int users) => new()
    {
        Name = name,
        Duration = TimeSpan.FromSeconds(seconds),
        MaxUsers = users,
        ConstantUsers = true,
        Amount = 19.90m,
        DefaultFee = 0.05m,
        FallbackFee = 0.15m,
        MoneySource = MoneySource.BackendSummary,
        TeardownWindow = TimeSpan.FromSeconds(seconds + 10),
        ConsistencyMargin = TimeSpan.FromMilliseconds(1500),
        Stages = [],
    };

    private static Stage At(int seconds, bool defaultFailing) =>
        new(TimeSpan.FromSeconds(seconds), new ProcessorStage(0, defaultFailing), new ProcessorStage(0, false));
}
