using System.Text;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

public static partial class HtmlReport
{
    /// <summary>The page's own labels explained, so the report reads without the README.</summary>
    private static void AppendLegend(StringBuilder html, BenchOutcome outcome)
    {
        html.Append("<details class=\"sub\"><summary>How to read this report</summary><ul>")
            .Append("<li><b>total_liquido</b> (the score) = (<b>total_bruto</b>, the money processed, − <b>total_taxas</b>, the processors' fees) × (1 + bonus − fine). ")
            .Append("The bonus is (11 − p99 in ms) × 2 %, at most 20 %; p99 is taken over every request of the test. ")
            .Append("Any <b>inconsistency</b> (a consistency check where the backend's summary and the processors' differ) fines 35 %.</li>")
            .Append("<li><b>lag</b> = payments accepted − payments counted: above 0 is money left unprocessed at the end; below 0 (more payments than were requested) disqualifies.</li>")
            .Append("<li>Dashed purple lines mark the <b>stages</b>, when the test reconfigures the processors: ")
            .Append("<code>D 100ms+FAIL · F 0ms</code> means the default processor (D) answers after 100 ms and fails with 500, the fallback (F) answers at once and succeeds.</li>");
        if (outcome.Faults.Count > 0 || outcome.Charges is not null)
        {
            html.Append("<li>Red lines mark <b>faults</b> (a signal sent to a service through up's control channel: <code>kill -9 api1</code> is SIGKILL, <code>SIGTERM api2</code> a graceful stop), green lines the service starting again.</li>")
                .Append("<li>The <b>charge check</b> looks every payment up on both processors after the run: an accepted payment no processor charged is <b>lost</b>; one charged by both is <b>charged twice</b>.</li>");
        }

        html.Append("</ul></details>");
    }
}
