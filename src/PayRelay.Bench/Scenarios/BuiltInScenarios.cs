namespace PayRelay.Bench.Scenarios;

/// <summary>
/// The two official timelines (spec §3), stage times as the official scripts start them, and a mixed-failure timeline
/// of our own with the final's load and fees.
/// </summary>
public static class BuiltInScenarios
{
    public static Scenario Preview { get; } = new()
    {
        Name = "preview",
        Duration = TimeSpan.FromSeconds(60),
        MaxUsers = 550,
        Amount = 19.90m,
        DefaultFee = 0.05m,
        FallbackFee = 0.15m,
        MoneySource = MoneySource.BackendSummary,
        TeardownWindow = TimeSpan.FromSeconds(70),
        ConsistencyMargin = TimeSpan.FromMilliseconds(1500),
        ResultsFileName = "partial-results.json",
        Stages =
        [
            At(1, 0, false, 0, false),
            At(10, 100, false, 0, false),
            At(20, 100, true, 0, false),
            At(30, 2000, true, 1000, true),
            At(40, 20, false, 20, false),
            At(50, 0, false, 5000, false),
        ],
    };

    public static Scenario Final { get; } = new()
    {
        Name = "final",
        Duration = TimeSpan.FromSeconds(300),
        MaxUsers = 603,
        Amount = 20.05m,
        DefaultFee = 0.07m,
        FallbackFee = 0.10m,
        MoneySource = MoneySource.ProcessorSummaries,
        TeardownWindow = TimeSpan.FromSeconds(360),
        ConsistencyMargin = TimeSpan.FromMilliseconds(2000),
        ResultsFileName = "final-results.json",
        Stages =
        [
            At(1, 0, false, 0, false),
            At(30, 1000, false, 0, false),
            At(60, 500, false, 0, false),
            At(90, 2000, true, 1000, false),
            At(120, 5000, true, 5, false),
            At(150, 0, false, 5, true),
            At(180, 100, false, 5, false),
            At(210, 50, false, 0, false),
            At(240, 103, false, 10, false),
            At(270, 2000, false, 0, false),
        ],
    };

    /// <summary>
    /// What neither official test does, in 150 s at the final's load and fees: a default that flaps (fails and
    /// recovers every 4 s, with and without delays) while the fallback is healthy, then both processors slow (then
    /// slower, close to the time a payment may wait), then both failing, then both recovered 50 s before the end, so
    /// the backlog has time to be confirmed. The money is the processors', over the whole run, as in the final.
    /// </summary>
    public static Scenario Mixed { get; } = new()
    {
        Name = "mixed",
        Duration = TimeSpan.FromSeconds(150),
        MaxUsers = 603,
        Amount = 20.05m,
        DefaultFee = 0.07m,
        FallbackFee = 0.10m,
        MoneySource = MoneySource.ProcessorSummaries,
        TeardownWindow = TimeSpan.FromSeconds(160),
        ConsistencyMargin = TimeSpan.FromMilliseconds(2000),
        Stages =
        [
            At(1, 0, false, 0, false),
            At(10, 0, true, 0, false),
            At(14, 0, false, 0, false),
            At(18, 100, true, 0, false),
            At(22, 0, false, 0, false),
            At(26, 0, true, 0, false),
            At(30, 50, false, 0, false),
            At(34, 100, true, 0, false),
            At(38, 0, false, 0, false),
            At(50, 400, false, 250, false),
            At(65, 1200, false, 900, false),
            At(80, 1000, true, 500, true),
            At(100, 0, false, 0, false),
        ],
    };

    /// <summary>The built-in scenario of that name, or null.</summary>
    public static Scenario? Find(string name) => name switch
    {
        "preview" => Preview,
        "final" => Final,
        "mixed" => Mixed,
        "faults-healthy" => FaultScenarios.Healthy,
        "faults-failing" => FaultScenarios.FailingDefault,
        _ => null,
    };

    private static Stage At(int seconds, int defaultDelay, bool defaultFailing, int fallbackDelay, bool fallbackFailing) =>
        new(TimeSpan.FromSeconds(seconds), new ProcessorStage(defaultDelay, defaultFailing), new ProcessorStage(fallbackDelay, fallbackFailing));
}
