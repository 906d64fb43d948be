using System.Globalization;
using System.Net;
using System.Text;

namespace PayRelay.Bench.Report;

/// <summary>A data series of a chart: its name, colour and points (x in seconds).</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A vertical marker on the time axis (a stage change; a fault or a restart in <paramref name="Color"/>).</summary>
public sealed record ChartMarker(double X, string Label, string? Color = null);

/// <summary>
/// A line chart rendered as inline SVG, so the report is one self-contained file that any browser
/// (headless Chromium included) shows without scripts or network.
/// </summary>
public sealed partial class LineChart
{
    private const int Width = 1100;
    private const int Height = 306;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 46;
    private const int Bottom = 36;

    public required string Title { get; init; }

    public required string YLabel { get; init; }

    public required double XMax { get; init; }

    public bool LogScale { get; init; }

    public IReadOnlyList<ChartSeries> Series { get; init; } = [];

    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    public string ToSvg()
    {
        var (yMin, yMax, ticks) = YAxis();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" class=\"chart\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" class=\"title\">{Encode(Title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{Top - 8}\" class=\"axis\">{Encode(YLabel)}</text>");
        foreach (var tick in ticks)
        {
            var y = Y(tick, yMin, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" class=\"axis\" text-anchor=\"end\">{Label(tick)}</text>");
        }

        AppendXAxis(svg);
        AppendMarkers(svg);
        foreach (var series in Series)
        {
            AppendSeries(svg, series, yMin, yMax);
        }

        AppendLegend(svg);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private double X(double seconds) => Left + (seconds / Math.Max(XMax, 1e-9) * (Width - Left - Right));

    private double Y(double value, double yMin, double yMax)
    {
        double fraction;
        if (LogScale)
        {
            var v = Math.Max(value, yMin);
            fraction = (Math.Log10(v) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin));
        }
        else
        {
            fraction = (value - yMin) / (yMax - yMin);
        }

        return Height - Bottom - (Math.Clamp(fraction, 0, 1) * (Height - Top - Bottom));
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Label(double value) => value switch
    {
        >= 1000 => (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
