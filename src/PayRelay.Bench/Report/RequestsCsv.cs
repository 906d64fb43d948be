using System.Globalization;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

/// <summary>
/// Every request of a run as CSV (<c>start_ms,duration_ms,status,kind</c>), in the order they were recorded, so
/// the requests that make the p99 can be placed in the timeline (a stage change, the ramp, a drain).
/// </summary>
public static class RequestsCsv
{
    public const string FileName = "requests.csv";
    public const string Header = "start_ms,duration_ms,status,kind";

    public static void Write(string path, IReadOnlyList<RequestSample> samples) => CsvFile.Write(path, Header, samples.Select(Line));

    public static string Line(RequestSample sample) => string.Create(CultureInfo.InvariantCulture,
        $"{sample.Start.TotalMilliseconds:F3},{sample.Duration.TotalMilliseconds:F3},{sample.Status},{Kind(sample.Kind)}");

    private static string Kind(RequestKind kind) => kind switch
    {
        RequestKind.Payment => "payment",
        RequestKind.BackendSummary => "summary",
        RequestKind.BackendPurge => "purge",
        _ => "processor-admin",
    };
}
