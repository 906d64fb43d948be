using System.Globalization;
using System.Net;
using System.Text;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

/// <summary>
/// report.html: the score, then charts over time (requests per second, latency percentiles,
/// payments per processor per second, the backend's queue, and where the backend reports them its
/// dispatch rate, concurrency limits and CPU) with the stage changes marked, each chart with a line
/// saying what it shows, then the consistency checks. One file, no scripts, no network.
/// </summary>
public static partial class HtmlReport
{
    public static string Render(BenchOutcome outcome, IReadOnlyList<SecondStats> seconds)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(seconds);
        var scenario = outcome.Settings.Scenario;
        var xMax = Math.Max(scenario.Duration.TotalSeconds + 2, seconds.Count);
        var markers = outcome.Stages.Select(s => new ChartMarker(s.AppliedAt.TotalSeconds, $"D {s.Stage.Default} · F {s.Stage.Fallback}")).ToList();
        markers.AddRange(FaultMarkers(outcome));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PayRelay bench: ")
            .Append(E(scenario.Name)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>PayRelay bench · ").Append(E(scenario.Name)).Append("</h1>");
        html.Append("<p class=\"sub\">").Append(E(Describe(outcome))).Append("</p>");
        AppendScore(html, outcome);
        AppendWarnings(html, outcome.Warnings);
        AppendLegend(html, outcome);

        html.Append(new LineChart
        {
            Title = "Payments per second (POST /payments, by start second)",
            YLabel = "req/s",
            XMax = xMax,
            Markers = markers,
            Series =
            [
                new ChartSeries("accepted", "#2a7ab9", seconds.Select(s => ((double)s.Second, (double)s.Succeeded)).ToList()),
                new ChartSeries("failed", "#d1495b", seconds.Select(s => ((double)s.Second, (double)s.Failed)).ToList()),
                new ChartSeries("timed out", "#edae49", seconds.Select(s => ((double)s.Second, (double)s.TimedOut)).ToList()),
            ],
        }.ToSvg());
        Note(html, "POST /payments by the second each request started: accepted (2xx), failed (any other status or none), and the part of the " +
            "failed that got no answer within the 1.5 s timeout.");
        html.Append(new LineChart
        {
            Title = "POST /payments latency per second: p50, p90, p99 and max (answered requests, log scale)",
            YLabel = "ms",
            XMax = xMax,
            LogScale = true,
            Markers = markers,
            Series =
            [
                new ChartSeries("p50", "#66a182", Points(seconds, s => s.P50)),
                new ChartSeries("p90", "#2a7ab9", Points(seconds, s => s.P90)),
                new ChartSeries("p99", "#d1495b", Points(seconds, s => s.P99)),
                new ChartSeries("max", "#8d96a3", Points(seconds, s => s.Max)),
            ],
        }.ToSvg());
        Note(html, "Latency of the POST /payments answered within the timeout, by the second each started, on a log scale: the red p99 line is " +
            "the per-second view of the score's p99 (which is over every request of the run, summaries and admin calls included).");
        AppendProcessorChart(html, outcome, xMax, markers);
        AppendQueueChart(html, outcome, xMax, markers);
        AppendDispatchCharts(html, outcome, xMax, markers);
        AppendStages(html, outcome);
        AppendChecks(html, outcome);
        AppendFaults(html, outcome);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static List<(double X, double Y)> Points(IReadOnlyList<SecondStats> seconds, Func<SecondStats, double> value) =>
        seconds.Where(s => s.Succeeded + s.Failed - s.TimedOut > 0).Select(s => ((double)s.Second, value(s))).ToList();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Describe(BenchOutcome outcome)
    {
        var s = outcome.Settings;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"started {TestClient.IsoUtc(outcome.StartedAt)} · {s.Scenario.Duration.TotalSeconds:0.#} s, 1→{s.Scenario.MaxUsers} users, amount {s.Scenario.Amount} · time scale {s.TimeScale} · backend {s.Backend} · processors {s.DefaultProcessor}, {s.FallbackProcessor}");
    }

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1140px}" +
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.sub{color:#666;margin:0 0 16px}" +
        "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 10px;text-align:right;font-size:13px}" +
        "th{background:#f4f4f4}td.l,th.l{text-align:left}.score td{font-size:15px}.big{font-size:20px;font-weight:600}" +
        ".warn{background:#fff4e0;border:1px solid #edae49;padding:8px 12px;margin:8px 0}.bad{color:#b00020;font-weight:600}" +
        ".chart{display:block;margin:18px 0;background:#fff;border:1px solid #eee}" +
        ".chart .title{font-size:14px;font-weight:600}.chart .axis{font-size:11px;fill:#555}.chart .legend{font-size:12px;fill:#333}" +
        ".chart .grid{stroke:#eee}.chart .axisline{stroke:#999}.chart .marker{stroke:#7b2cbf;stroke-dasharray:4 3}" +
        ".chart .markerlabel{font-size:10px;fill:#7b2cbf}.note{color:#555;font-size:12px;margin:-10px 0 18px;max-width:1100px}";
}
