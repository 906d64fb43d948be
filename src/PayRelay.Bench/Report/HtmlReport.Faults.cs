using System.Globalization;
using System.Text;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

public static partial class HtmlReport
{
    /// <summary>The colour of a fault's marker (a signal sent on purpose) on every chart.</summary>
    public const string FaultColor = "#e4572e";

    /// <summary>The colour of a restart's marker.</summary>
    public const string RestartColor = "#2e8b57";

    /// <summary>Each fault where it was sent, each restart where <c>up</c> started the service again.</summary>
    private static IEnumerable<ChartMarker> FaultMarkers(BenchOutcome outcome)
    {
        foreach (var fault in outcome.Faults)
        {
            yield return new ChartMarker(fault.AppliedAt.TotalSeconds, fault.Fault.Action, FaultColor);
        }

        foreach (var e in outcome.StackEvents.Where(e => e.Kind == "restarted"))
        {
            yield return new ChartMarker(e.At.TotalSeconds, e.Service + " back", RestartColor);
        }
    }

    private static void AppendFaults(StringBuilder html, BenchOutcome outcome)
    {
        if (outcome.Faults.Count > 0 || outcome.StackEvents.Count > 0)
        {
            html.Append("<h2>Faults</h2><p class=\"sub\">Sent through up's control channel; on the charts, a fault is marked in red, a restart in green.</p>");
            html.Append("<table><tr><th>planned</th><th>sent</th><th class=\"l\">fault</th><th class=\"l\">up said</th></tr>");
            foreach (var f in outcome.Faults)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{f.Fault.At.TotalSeconds:0.00}s</td><td>{f.AppliedAt.TotalSeconds:0.00}s</td><td class=\"l\">{E(f.Fault.Action)}</td><td class=\"l\">{E(f.Message)}</td></tr>");
            }

            html.Append("</table><table><tr><th>at</th><th class=\"l\">service</th><th class=\"l\">what happened</th></tr>");
            foreach (var e in outcome.StackEvents)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.At.TotalSeconds:0.00}s</td><td class=\"l\">{E(e.Service)}</td><td class=\"l\">{E(e.Detail)}</td></tr>");
            }

            html.Append("</table>");
        }

        if (outcome.Charges is { } check)
        {
            AppendChargeCheck(html, check);
        }
    }

    private static void AppendChargeCheck(StringBuilder html, ChargeCheck check)
    {
        html.Append("<h2>Charge check</h2><p class=\"sub\">")
            .Append(E(string.Create(CultureInfo.InvariantCulture, $"Every payment looked up on both processors (GET /payments/{{id}}) after {check.Settled.TotalSeconds:0.0} s: {check.SettledHow}.")))
            .Append("</p><table class=\"score\">");
        Row(html, "verdict", Flag(!check.Clean, check.Clean ? "nothing lost, nothing charged twice" : $"{check.Lost} lost, {check.ChargedTwice} charged twice"));
        html.Append("</table><table><tr><th class=\"l\">payments</th><th>count</th><th>charged once</th><th>on default</th><th>on fallback</th><th>not charged</th><th>charged twice</th><th>lookup failed</th><th class=\"l\">first bad ids</th></tr>");
        TallyRow(html, "accepted (2xx)", check.Accepted, lostIsBad: true);
        TallyRow(html, "no answer in time", check.Unanswered, lostIsBad: false);
        TallyRow(html, "refused", check.Refused, lostIsBad: false);
        html.Append("</table><table><tr><th class=\"l\">summary</th><th class=\"l\">backend vs processors</th></tr>");
        html.Append("<tr><td class=\"l\">all time</td><td class=\"l\">").Append(Flag(!check.AllTime.Equal, ChargeCheckTable.Compare(check.AllTime))).Append("</td></tr>");
        html.Append("<tr><td class=\"l\">run window</td><td class=\"l\">").Append(Flag(!check.RunWindow.Equal, ChargeCheckTable.Compare(check.RunWindow))).Append("</td></tr></table>");
    }

    private static void TallyRow(StringBuilder html, string name, ChargeTally t, bool lostIsBad)
    {
        var bad = (lostIsBad ? t.FirstNotCharged : []).Concat(t.FirstChargedTwice).Concat(t.FirstUnknown).Select(id => id.ToString());
        html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{E(name)}</td><td>{t.Payments}</td><td>{t.ChargedOnce}</td><td>{t.OnDefault}</td><td>{t.OnFallback}</td>")
            .Append("<td>").Append(Flag(lostIsBad && t.NotCharged > 0, t.NotCharged.ToString(CultureInfo.InvariantCulture))).Append("</td>")
            .Append("<td>").Append(Flag(t.ChargedTwice > 0, t.ChargedTwice.ToString(CultureInfo.InvariantCulture))).Append("</td>")
            .Append(CultureInfo.InvariantCulture, $"<td>{t.Unknown}</td><td class=\"l\">{E(string.Join(" ", bad))}</td></tr>");
    }
}
