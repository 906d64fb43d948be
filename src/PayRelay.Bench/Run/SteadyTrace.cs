using System.Globalization;
using PayRelay.Bench.Report;

namespace PayRelay.Bench.Run;

/// <summary>A steady run's requests as CSV, one line each in the order they left: <c>start_ms,latency_ms,status</c>.</summary>
public static class SteadyTrace
{
    public const string Header = "start_ms,latency_ms,status";

    public static void Write(string path, IReadOnlyList<SteadySample> samples) => CsvFile.Write(path, Header, samples.Select(Line));

    public static string Line(SteadySample sample) =>
        string.Create(CultureInfo.InvariantCulture, $"{sample.StartMs:F3},{sample.LatencyMs:F3},{sample.Status}");
}
