using System.Globalization;
using System.Text;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

public static partial class HtmlReport
{
    private static void AppendScore(StringBuilder html, BenchOutcome outcome)
    {
        var score = outcome.Score;
        var input = outcome.Input;
        var unanswered = outcome.Unanswered;
        html.Append("<table class=\"score\">");
        Row(html, "score (total_liquido)", $"<span class=\"big\">{N(score.NetTotal)}</span>");
        Row(html, "gross (total_bruto) / fees (total_taxas)", $"{N(score.GrossTotal)} / {N(score.FeeTotal)}");
        Row(html, "p99 → bonus", $"{score.P99.ToString(CultureInfo.InvariantCulture)} ms → {N(score.Bonus * 100)} %");
        Row(html, "inconsistencies → fine", Flag(input.Inconsistencies > 0, $"{input.Inconsistencies} → {N(score.FineRate * 100)} %"));
        Row(html, "payments requested", $"{input.SucceededPayments} accepted, {input.FailedPayments} failed ({outcome.TimedOutPayments} timed out)");
        Row(html, "timed out but charged", Flag(unanswered.Charged > 0, SummaryTable.DescribeUnanswered(unanswered)));
        Row(html, "payments counted", $"default {input.Default.Requests}, fallback {input.Fallback.Requests}");
        Row(html, "lag (accepted − counted)", Flag(score.Lag != 0, score.Disqualified ? $"{score.Lag} (negative: disqualified)" : score.Lag.ToString(CultureInfo.InvariantCulture)));
        Row(html, "connections", E(SummaryTable.DescribeConnections(outcome)));
        Row(html, "load generator CPU", E(SummaryTable.DescribeGeneratorCpu(outcome)));
        Row(html, "backend CPU", E(SummaryTable.DescribeBackendCpu(outcome)));
        html.Append("</table>");
        Note(html, "A POST that gets no answer within 1.5 s counts as failed for the client; if the backend still has it charged, the " +
            "processors count a payment the client never saw accepted, and the official lag goes negative by one: a disqualification. " +
            "The load generator's CPU includes a ballast that tops it up to what k6 spends per request (--generator-cpu-us), since its " +
            "CPU is taken from the same cores as the backend's.");
    }
}
