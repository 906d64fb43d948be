using System.Globalization;
using System.Text;

namespace PayRelay.Bench.Report;

public sealed partial class LineChart
{
    private (double Min, double Max, List<double> Ticks) YAxis()
    {
        var max = 0.0;
        var min = double.MaxValue;
        foreach (var series in Series)
        {
            foreach (var (_, y) in series.Points)
            {
                max = Math.Max(max, y);
                if (y > 0)
                {
                    min = Math.Min(min, y);
                }
            }
        }

        if (LogScale)
        {
            var low = Math.Pow(10, Math.Floor(Math.Log10(min == double.MaxValue ? 0.1 : Math.Max(min, 0.01))));
            var high = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(max, low * 10))));
            var ticks = new List<double>();
            for (var t = low; t <= high * 1.0001; t *= 10)
            {
                ticks.Add(t);
            }

            return (low, high, ticks);
        }

        var step = NiceStep(Math.Max(max, 1) / 5);
        var top = Math.Ceiling(Math.Max(max, 1) / step) * step;
        var linear = new List<double>();
        for (var t = 0.0; t <= top * 1.0001; t += step)
        {
            linear.Add(t);
        }

        return (0, top, linear);
    }

    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        var nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private void AppendXAxis(StringBuilder svg)
    {
        var step = NiceStep(Math.Max(XMax, 1) / 10);
        for (var t = 0.0; t <= XMax + 1e-9; t += step)
        {
            var x = X(t);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom + 4}\" class=\"axisline\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" class=\"axis\" text-anchor=\"middle\">{t:0.##}s</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" class=\"axisline\"/>");
    }

    private void AppendMarkers(StringBuilder svg)
    {
        for (var i = 0; i < Markers.Count; i++)
        {
            var x = X(Markers[i].X);

            // Alternate rows keep the labels of close stages from overlapping.
            var labelY = Top + 10 + (i % 2 * 12);
            var stroke = Markers[i].Color is { } color ? $" style=\"stroke:{color}\"" : string.Empty;
            var fill = Markers[i].Color is { } text ? $" style=\"fill:{text}\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" class=\"marker\"{stroke}/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 3:0.#}\" y=\"{labelY}\" class=\"markerlabel\"{fill}>{Encode(Markers[i].Label)}</text>");
        }
    }

    private void AppendSeries(StringBuilder svg, ChartSeries series, double yMin, double yMax)
    {
        if (series.Points.Count == 0)
        {
            return;
        }

        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"1.6\" points=\"");
        foreach (var (x, y) in series.Points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"{X(x):0.#},{Y(y, yMin, yMax):0.#} ");
        }

        svg.Append("\"/>");
    }

    private void AppendLegend(StringBuilder svg)
    {
        var x = Width - Right - 10.0;
        for (var i = Series.Count - 1; i >= 0; i--)
        {
            var name = Series[i].Name;
            x -= (name.Length * 7) + 26;
            // A row of its own under the title, so a long title and many series never overlap.
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"28\" width=\"14\" height=\"4\" fill=\"{Series[i].Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 18:0.#}\" y=\"34\" class=\"legend\">{Encode(name)}</text>");
        }
    }
}
