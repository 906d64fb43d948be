using System.Globalization;
using System.Text;

namespace PayRelay.Server.Tests.Support;

/// <summary>One sample line: a series (name and labels) and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A metric family: its TYPE and HELP lines and its samples (a histogram's are its _bucket, _sum and _count).</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help, IReadOnlyList<PrometheusSample> Samples);

/// <summary>
/// A parser of Prometheus' text exposition format 0.0.4 that checks what a scraper relies on, and throws a
/// <see cref="FormatException"/> naming the line otherwise: names and label names well formed, label values and HELP
/// text correctly escaped, one TYPE and at most one HELP per family and before its samples, a family's samples together,
/// no series twice, and histograms whole (ascending <c>le</c> buckets ending at +Inf, cumulative, <c>_count</c> equal
/// to the +Inf bucket, a <c>_sum</c>).
/// </summary>
public static partial class PrometheusText
{
    public static IReadOnlyDictionary<string, PrometheusFamily> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader();
        var lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        for (var i = 0; i < lines.Length - 1; i++)
        {
            try
            {
                reader.Line(lines[i]);
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {i + 1}: {e.Message}: {lines[i]}", e);
            }
        }

        return reader.Finish();
    }

    /// <summary>The one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Value(this IReadOnlyDictionary<string, PrometheusFamily> families, string name, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(families);
        var matches = families.Values.SelectMany(f => f.Samples)
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException($"{matches.Count} samples of {name}{{{string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}, not one");
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !name.StartsWith("__", StringComparison.Ordinal);

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"'{text}' is not a value"),
    };

    /// <summary>Undoes the escapes a HELP text (<c>\\</c>, <c>\n</c>) or a label value (those and <c>\"</c>) may hold.</summary>
    private static string Unescape(string text, bool quotes)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            if (++i == text.Length)
            {
                throw new FormatException("a backslash ends the text");
            }

            result.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when quotes => '"',
                _ => throw new FormatException($"'\\{text[i]}' is not an escape"),
            });
        }

        return result.ToString();
    }
}
