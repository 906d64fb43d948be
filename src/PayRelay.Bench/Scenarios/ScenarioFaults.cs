using System.Globalization;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Scenarios;

/// <summary>The <c>faults</c> of a scenario file, each checked with an error that names the field.</summary>
internal static class ScenarioFaults
{
    public static IReadOnlyList<Fault> Parse(List<FaultDocument>? documents, TimeSpan duration)
    {
        var faults = new List<Fault>();
        for (var i = 0; i < (documents?.Count ?? 0); i++)
        {
            var f = documents![i] ?? throw new FormatException($"scenario file: faults[{i}] is null");
            var field = $"faults[{i}]";
            var at = f.AtSeconds is null
                ? throw new FormatException($"scenario file: {field}.atSeconds is required")
                : ScenarioFile.Seconds(f.AtSeconds, TimeSpan.Zero, field + ".atSeconds");
            if (at >= duration)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"scenario file: {field}.atSeconds ({at.TotalSeconds:0.###}) is not before the end of the load (durationSeconds {duration.TotalSeconds:0.###})"));
            }

            if (string.IsNullOrWhiteSpace(f.Instance))
            {
                throw new FormatException($"scenario file: {field}.instance is required: the service to signal (api1, api2, ...)");
            }

            var signal = SignalNames.Parse(f.Signal) switch
            {
                Posix.SigKill => Fault.Kill,
                Posix.SigTerm => Fault.Term,
                _ => throw new FormatException($"scenario file: {field}.signal '{f.Signal}' is neither TERM nor KILL"),
            };
            var back = f.RestartAfterSeconds is null ? (TimeSpan?)null : ScenarioFile.Seconds(f.RestartAfterSeconds, TimeSpan.Zero, field + ".restartAfterSeconds");
            faults.Add(new Fault(at, f.Instance.Trim(), signal, back));
        }

        faults.Sort((a, b) => a.At.CompareTo(b.At));
        return faults;
    }
}
