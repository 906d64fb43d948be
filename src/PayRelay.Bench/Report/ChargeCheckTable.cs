using System.Globalization;
using System.Text;
using PayRelay.Bench.Http;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

/// <summary>The terminal view of a fault run: the faults, then every payment's fate on the processors and the summaries.</summary>
public static class ChargeCheckTable
{
    public static string Render(IReadOnlyList<AppliedFault> faults, ChargeCheck check)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(check);
        var text = new StringBuilder();
        foreach (var fault in faults)
        {
            text.Append(CultureInfo.InvariantCulture, $"  fault at {fault.AppliedAt.TotalSeconds:0.0}s: {fault.Fault.Action}: {fault.Message}").AppendLine();
        }

        text.Append(CultureInfo.InvariantCulture, $"Charge check (after {check.Settled.TotalSeconds:0.0} s: {check.SettledHow})").AppendLine();
        var a = check.Accepted;
        Row(text, "accepted (2xx)", $"{a.Payments}: charged once {a.ChargedOnce} (default {a.OnDefault}, fallback {a.OnFallback}), lost {a.NotCharged}, charged twice {a.ChargedTwice}" + Unknown(a));
        Examples(text, "lost", a.FirstNotCharged, a.NotCharged);
        Examples(text, "charged twice", a.FirstChargedTwice, a.ChargedTwice);
        var u = check.Unanswered;
        Row(text, "no answer in time", $"{u.Payments}: charged once {u.ChargedOnce}, not charged {u.NotCharged}, charged twice {u.ChargedTwice}" + Unknown(u));
        Examples(text, "charged twice", u.FirstChargedTwice, u.ChargedTwice);
        var r = check.Refused;
        Row(text, "refused (4xx/5xx)", $"{r.Payments}: not charged {r.NotCharged}, charged anyway {r.ChargedOnce}, charged twice {r.ChargedTwice}" + Unknown(r));
        Examples(text, "charged twice", r.FirstChargedTwice, r.ChargedTwice);
        Row(text, "summary, all time", Compare(check.AllTime));
        Row(text, "summary, run window", Compare(check.RunWindow));
        Row(text, "verdict", check.Clean
            ? "nothing lost, nothing charged twice"
            : $"{check.Lost} LOST, {check.ChargedTwice} CHARGED TWICE");
        return text.ToString();
    }

    /// <summary>One side-by-side line: the backend's counts and amounts, the processors', and whether they agree.</summary>
    public static string Compare(SummaryComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var verdict = !c.Answered ? "a summary did not answer" : c.Equal ? "equal" : "DIFFERENT";
        var partial = c.BackendPartial is { } p ? $" (backend says partial: {p})" : string.Empty;
        return $"backend default {Part(c.BackendDefault)}, fallback {Part(c.BackendFallback)}{partial}; processors default {Part(c.ProcessorDefault)}, fallback {Part(c.ProcessorFallback)}: {verdict}";
    }

    private static string Part(SummaryPart? part) =>
        part is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{part.TotalRequests} / {part.TotalAmount:0.00}");

    private static string Unknown(ChargeTally t) => t.Unknown > 0 ? $", lookups failed {t.Unknown}" : string.Empty;

    private static void Row(StringBuilder text, string name, string value) => text.Append("  ").Append(name.PadRight(22)).AppendLine(value);

    private static void Examples(StringBuilder text, string what, IReadOnlyList<Guid> ids, long count)
    {
        if (ids.Count > 0)
        {
            text.Append("    first ").Append(what).Append(": ").Append(string.Join(", ", ids)).Append(count > ids.Count ? ", ..." : string.Empty).AppendLine();
        }
    }
}
