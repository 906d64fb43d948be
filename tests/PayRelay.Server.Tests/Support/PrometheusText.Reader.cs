using System.Globalization;

namespace PayRelay.Server.Tests.Support;

public static partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    /// <summary>Reads line by line, keeping the family being read and those already closed.</summary>
    private sealed class Reader
    {
        private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
        private readonly HashSet<string> _series = new(StringComparer.Ordinal);
        private Family? _current;

        public void Line(string line)
        {
            if (line.Length == 0)
            {
                return;
            }

            if (line.StartsWith('#'))
            {
                Comment(line);
                return;
            }

            Sample(line);
        }

        public IReadOnlyDictionary<string, PrometheusFamily> Finish()
        {
            foreach (var family in _families.Values)
            {
                if (family.Type == "histogram")
                {
                    CheckHistogram(family);
                }
            }

            return _families.ToDictionary(p => p.Key, p => new PrometheusFamily(p.Key, p.Value.Type ?? "untyped", p.Value.Help, p.Value.Samples));
        }

        private void Comment(string line)
        {
            var parts = line.Split(' ', 4);
            if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
            {
                return; // an ordinary comment
            }

            var name = parts[2];
            if (!IsMetricName(name))
            {
                throw new FormatException($"'{name}' is not a metric name");
            }

            var family = Open(name);
            if (parts[1] == "TYPE")
            {
                if (family.Type is not null || family.Samples.Count > 0)
                {
                    throw new FormatException($"TYPE of {name} comes twice or after its samples");
                }

                family.Type = parts.Length == 4 && Types.Contains(parts[3]) ? parts[3] : throw new FormatException($"'{(parts.Length == 4 ? parts[3] : "")}' is not a type");
            }
            else
            {
                family.Help = family.Help is null ? Unescape(parts.Length == 4 ? parts[3] : string.Empty, quotes: false) : throw new FormatException($"HELP of {name} comes twice");
            }
        }

        private void Sample(string line)
        {
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
            if (nameEnd <= 0)
            {
                throw new FormatException("a sample needs a name and a value");
            }

            var name = line[..nameEnd];
            if (!IsMetricName(name))
            {
                throw new FormatException($"'{name}' is not a metric name");
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var rest = nameEnd == brace ? Labels(line, brace + 1, labels) : line[nameEnd..];
            var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is < 1 or > 2 || !rest.StartsWith(' '))
            {
                throw new FormatException("a sample ends with a value and an optional timestamp");
            }

            if (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException($"'{fields[1]}' is not a timestamp");
            }

            var family = FamilyOf(name);
            var series = name + "{" + string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!_series.Add(series))
            {
                throw new FormatException($"the series {series} comes twice");
            }

            family.Samples.Add(new PrometheusSample(name, labels, ParseValue(fields[0])));
        }

        /// <summary>Reads <c>name="value",...}</c> from <paramref name="start"/>; answers what follows the brace.</summary>
        private static string Labels(string line, int start, Dictionary<string, string> labels)
        {
            var i = start;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    return line[(i + 1)..];
                }

                var equals = line.IndexOf('=', i);
                if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
                {
                    throw new FormatException("a label is name=\"value\"");
                }

                var labelName = line[i..equals];
                if (!IsLabelName(labelName))
                {
                    throw new FormatException($"'{labelName}' is not a label name");
                }

                var end = equals + 2;
                while (end < line.Length && line[end] != '"')
                {
                    end += line[end] == '\\' ? 2 : 1;
                }

                if (end >= line.Length)
                {
                    throw new FormatException($"the value of {labelName} is not closed");
                }

                if (!labels.TryAdd(labelName, Unescape(line[(equals + 2)..end], quotes: true)))
                {
                    throw new FormatException($"the label {labelName} comes twice");
                }

                i = end + 1;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException("labels are separated by commas and closed by a brace");
                }
            }
        }

        private Family Open(string name)
        {
            if (_families.TryGetValue(name, out var family))
            {
                if (!ReferenceEquals(family, _current))
                {
                    throw new FormatException($"the lines of {name} are not together");
                }

                return family;
            }

            _current = _families[name] = new Family();
            return _current;
        }

        /// <summary>The family a sample belongs to: its own name, or a histogram's or summary's with a suffix.</summary>
        private Family FamilyOf(string sample)
        {
            foreach (var suffix in new[] { "", "_bucket", "_sum", "_count" })
            {
                if (sample.EndsWith(suffix, StringComparison.Ordinal)
                    && _families.TryGetValue(sample[..^suffix.Length], out var family)
                    && (suffix.Length == 0 || family.Type is "histogram" or "summary"))
                {
                    return ReferenceEquals(family, _current) ? family : throw new FormatException($"the samples of {sample[..^suffix.Length]} are not together");
                }
            }

            return Open(sample);
        }

        private static void CheckHistogram(Family family)
        {
            var byLabels = family.Samples.GroupBy(s => string.Join(',', s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
            foreach (var series in byLabels)
            {
                var buckets = series.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
                var bounds = buckets.Select(b => b.Labels.TryGetValue("le", out var le) ? ParseValue(le) : throw new FormatException("a bucket without le")).ToList();
                if (buckets.Count == 0 || !double.IsPositiveInfinity(bounds[^1]) || bounds.Zip(bounds.Skip(1)).Any(p => p.First >= p.Second))
                {
                    throw new FormatException($"histogram series {{{series.Key}}}: buckets must ascend and end at le=\"+Inf\"");
                }

                if (buckets.Zip(buckets.Skip(1)).Any(p => p.First.Value > p.Second.Value))
                {
                    throw new FormatException($"histogram series {{{series.Key}}}: bucket counts are not cumulative");
                }

                var count = series.SingleOrDefault(s => s.Name.EndsWith("_count", StringComparison.Ordinal));
                if (count is null || count.Value != buckets[^1].Value || !series.Any(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)))
                {
                    throw new FormatException($"histogram series {{{series.Key}}}: _count must equal the +Inf bucket, and _sum must be there");
                }
            }
        }
    }

    private sealed class Family
    {
        public string? Type { get; set; }

        public string? Help { get; set; }

        public List<PrometheusSample> Samples { get; } = [];
    }
}
