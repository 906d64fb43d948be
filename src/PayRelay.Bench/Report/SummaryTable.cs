using System.Globalization;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

/// <summary>The terminal summary of a run.</summary>
public static partial class SummaryTable
{
    public static string Render(BenchOutcome outcome, string? outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var s = outcome.Settings;
        var score = outcome.Score;
        var input = outcome.Input;
        var rows = new List<(string, string)>
        {
            ("score (total_liquido)", F(score.NetTotal)),
            ("gross / fees", $"{F(score.GrossTotal)} / {F(score.FeeTotal)}"),
            ("p99", $"{score.P99.ToString(CultureInfo.InvariantCulture)} ms -> bonus {F(score.Bonus * 100)}%"),
            ("inconsistencies", $"{input.Inconsistencies} -> fine {F(score.FineRate * 100)}%"),
            ("payments requested", $"{input.SucceededPayments} accepted, {input.FailedPayments} failed ({outcome.TimedOutPayments} timed out)"),
            ("timed out but charged", DescribeUnanswered(outcome.Unanswered)),
            ("payments counted", $"{score.CountedRequests} (default {input.Default.Requests}, fallback {input.Fallback.Requests})"),
            ("lag", score.Disqualified ? $"{score.Lag}  NEGATIVE: the official run disqualifies this" : score.Lag.ToString(CultureInfo.InvariantCulture)),
            ("connections", DescribeConnections(outcome)),
            ("load generator CPU", DescribeGeneratorCpu(outcome)),
            ("backend CPU", DescribeBackendCpu(outcome)),
        };
        if (outputDirectory is not null)
        {
            rows.Add(("results", Path.Combine(outputDirectory, s.Scenario.ResultsFileName)));
            rows.Add(("report", Path.Combine(outputDirectory, "report.html")));
        }

        var width = rows.Max(r => r.Item1.Length) + 2;
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"PayRelay bench: {s.Scenario.Name} (time scale {s.TimeScale}) against {s.Backend}").AppendLine();
        foreach (var (name, value) in rows)
        {
            text.Append("  ").Append(name.PadRight(width)).AppendLine(value);
        }

        return text.ToString();
    }

    private static string F(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
