using System.Text;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

public static partial class HtmlReport
{
    private const string DefaultColor = "#2a7ab9";
    private const string DefaultLight = "#8fc1e3";
    private const string FallbackColor = "#d1495b";
    private const string FallbackLight = "#eb9aa5";

    /// <summary>
    /// Both sides of the dispatch trade, from the instances' <c>GET /status</c>: how fast each processor is sent
    /// payments and confirms them, how many attempts it is allowed at once, and what the backend spends meanwhile.
    /// A chart whose fields the backend does not report is left out.
    /// </summary>
    private static void AppendDispatchCharts(StringBuilder html, BenchOutcome outcome, double xMax, List<ChartMarker> markers)
    {
        var points = outcome.Status;
        var rates = new List<ChartSeries>();
        Add(rates, "default started/s", DefaultColor, StatusSeries.Rate(points, p => StatusSeries.Started(p.Default)));
        Add(rates, "default confirmed/s", DefaultLight, StatusSeries.Rate(points, p => StatusSeries.Confirmed(p.Default)));
        Add(rates, "fallback started/s", FallbackColor, StatusSeries.Rate(points, p => StatusSeries.Started(p.Fallback)));
        Add(rates, "fallback confirmed/s", FallbackLight, StatusSeries.Rate(points, p => StatusSeries.Confirmed(p.Fallback)));
        if (rates.Count > 0)
        {
            html.Append(new LineChart { Title = "Dispatch rate per processor: attempts started and payments confirmed per second (GET /status, summed over the instances)", YLabel = "per s", XMax = xMax, Markers = markers, Series = rates }.ToSvg());
            Note(html, "Started: attempts sent to that processor per second (retries included), from the difference of each instance's started " +
                "counter between two polls, summed over the instances. Confirmed: payments that processor confirmed per second. A gap between " +
                "the two is attempts that failed, timed out or await their answer; a backlog drains as fast as the confirmed line runs above " +
                "the payments accepted per second.");
        }

        var limits = new List<ChartSeries>();
        Add(limits, "default limit", DefaultColor, StatusSeries.Sum(points, p => StatusSeries.Limit(p.Default)));
        Add(limits, "default in flight", DefaultLight, StatusSeries.Sum(points, p => StatusSeries.InFlight(p.Default)));
        Add(limits, "fallback limit", FallbackColor, StatusSeries.Sum(points, p => StatusSeries.Limit(p.Fallback)));
        Add(limits, "fallback in flight", FallbackLight, StatusSeries.Sum(points, p => StatusSeries.InFlight(p.Fallback)));
        if (limits.Any(s => s.Name.EndsWith("limit", StringComparison.Ordinal)))
        {
            html.Append(new LineChart { Title = "Concurrency limit per processor and attempts in flight (GET /status, summed over the instances)", YLabel = "attempts", XMax = xMax, Markers = markers, Series = limits }.ToSvg());
            Note(html, "Limit: the most attempts the instances may have in flight to that processor at once right now (after any slow start), " +
                "summed over the instances. In flight: attempts sent and not answered yet. A limit that stays low while a backlog waits holds " +
                "the backlog back; one that runs high while latency rises drowns the processor and the machine.");
        }

        var cores = StatusSeries.Rate(points, p => p.CpuMilliseconds, scale: 0.001);
        if (cores.Count > 0)
        {
            html.Append(new LineChart
            {
                Title = "Backend CPU (GET /status cpuMilliseconds, summed over instances)",
                YLabel = "cores",
                XMax = xMax,
                Markers = markers,
                Series = [new ChartSeries("backend cores", "#66a182", cores)],
            }.ToSvg());
            Note(html, "CPU time the instances spent per second of the run, from the difference of each one's cpuMilliseconds between two " +
                "polls: 1 is one whole core.");
        }
    }

    private static void Add(List<ChartSeries> series, string name, string color, List<(double X, double Y)> points)
    {
        if (points.Count > 0)
        {
            series.Add(new ChartSeries(name, color, points));
        }
    }
}
