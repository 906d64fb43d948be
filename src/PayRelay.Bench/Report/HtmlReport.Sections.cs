using System.Globalization;
using System.Text;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

public static partial class HtmlReport
{
    private static readonly string[] Palette = ["#2a7ab9", "#d1495b", "#66a182", "#edae49", "#8d96a3", "#7b2cbf"];

    private static void Row(StringBuilder html, string name, string valueHtml) =>
        html.Append("<tr><td class=\"l\">").Append(E(name)).Append("</td><td>").Append(valueHtml).Append("</td></tr>");

    private static string Flag(bool bad, string text) => bad ? $"<span class=\"bad\">{E(text)}</span>" : E(text);

    private static void AppendWarnings(StringBuilder html, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            html.Append("<div class=\"warn\">").Append(E(warning)).Append("</div>");
        }
    }

    private static void AppendProcessorChart(StringBuilder html, BenchOutcome outcome, double xMax, List<ChartMarker> markers)
    {
        if (outcome.ProcessorSeconds.Count == 0)
        {
            return;
        }

        html.Append(new LineChart
        {
            Title = "Payments confirmed per processor per second (by the requestedAt the backend sent)",
            YLabel = "payments/s",
            XMax = xMax,
            Markers = markers,
            Series =
            [
                new ChartSeries("default", "#2a7ab9", outcome.ProcessorSeconds.Select(p => ((double)p.Second, (double)p.Default)).ToList()),
                new ChartSeries("fallback", "#d1495b", outcome.ProcessorSeconds.Select(p => ((double)p.Second, (double)p.Fallback)).ToList()),
            ],
        }.ToSvg());
        Note(html, "Read from each processor's admin summary after the run, one second at a time, by the requestedAt the backend sent: when the " +
            "backend says a payment was made, not when the processor stored it. The auditor's consistency check compares exactly these counts.");
    }

    private static void AppendQueueChart(StringBuilder html, BenchOutcome outcome, double xMax, List<ChartMarker> markers)
    {
        if (outcome.Status.Count == 0)
        {
            html.Append("<p class=\"sub\">No queue chart: the backend did not answer GET /status.</p>");
            return;
        }

        var series = new List<ChartSeries>();
        foreach (var group in outcome.Status.GroupBy(p => p.Instance).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            series.Add(new ChartSeries($"{group.Key} queue", Palette[series.Count % Palette.Length], group.Select(p => (p.At.TotalSeconds, (double)p.QueueDepth)).ToList()));
            series.Add(new ChartSeries($"{group.Key} in flight", Palette[series.Count % Palette.Length], group.Select(p => (p.At.TotalSeconds, (double)p.InFlight)).ToList()));
        }

        html.Append(new LineChart { Title = "Backend queue depth and payments in flight (GET /status)", YLabel = "payments", XMax = xMax, Markers = markers, Series = series }.ToSvg());
        Note(html, "Per instance, polled once a second by the bench itself (these calls are not in p99): payments accepted and waiting to be " +
            "sent (queue), and attempts waiting for a processor's answer (in flight).");
    }

    private static void Note(StringBuilder html, string text) => html.Append("<p class=\"note\">").Append(E(text)).Append("</p>");

    private static void AppendStages(StringBuilder html, BenchOutcome outcome)
    {
        html.Append("<h2>Stages</h2><table><tr><th>planned</th><th>applied</th><th class=\"l\">default</th><th class=\"l\">fallback</th></tr>");
        foreach (var stage in outcome.Stages)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{stage.Stage.At.TotalSeconds:0.00}s</td><td>{stage.AppliedAt.TotalSeconds:0.00}s</td><td class=\"l\">{E(stage.Stage.Default.ToString())}</td><td class=\"l\">{E(stage.Stage.Fallback.ToString())}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendChecks(StringBuilder html, BenchOutcome outcome)
    {
        html.Append("<h2>Consistency checks</h2><table><tr><th>at</th><th class=\"l\">window (UTC)</th><th>backend default</th><th>processor default</th><th>backend fallback</th><th>processor fallback</th><th>added</th></tr>");
        foreach (var check in outcome.Checks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{check.At.TotalSeconds:0.00}s</td><td class=\"l\">{TestClient.IsoUtc(check.From)} – {TestClient.IsoUtc(check.To)}</td><td>{check.Backend.TotalRequests}</td><td>{check.DefaultProcessor}</td><td>{check.BackendFallback.TotalRequests}</td><td>{check.FallbackProcessor}</td><td>{Flag(check.Inconsistencies > 0, check.Inconsistencies.ToString(CultureInfo.InvariantCulture))}</td></tr>");
        }

        html.Append("</table>");
    }
}
