using System.Text.Json;
using PayRelay.Bench.Http;
using PayRelay.Bench.Report;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Tests.Support;

namespace PayRelay.Bench.Tests;

/// <summary>A fault run's outputs: run.json, the terminal table and the report carry the faults and the charge check.</summary>
public sealed class FaultReportTests : IDisposable
{
    private static readonly Guid LostId = Guid.Parse("2e80fff0-18eb-4cae-9300-8324675d5dc1");
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bench-fault-report-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Write_FaultRun_RunJsonHasTheFaultsEventsAndCharges()
    {
        BenchOutputs.Write(Outcome(), _directory.FullName);

        using var details = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory.FullName, "run.json")));
        var root = details.RootElement;
        var fault = root.GetProperty("faults")[0];
        Assert.Equal(("api1", "KILL", 10.0, 3.02), (fault.GetProperty("instance").GetString(), fault.GetProperty("signal").GetString(), fault.GetProperty("restartAfterSeconds").GetDouble(), fault.GetProperty("appliedAtSeconds").GetDouble()));
        Assert.Equal("restarted", root.GetProperty("stackEvents")[0].GetProperty("kind").GetString());
        var check = root.GetProperty("chargeCheck");
        Assert.Equal((2, 1, false), (check.GetProperty("lost").GetInt64(), check.GetProperty("chargedTwice").GetInt64(), check.GetProperty("clean").GetBoolean()));
        Assert.Equal(LostId, check.GetProperty("accepted").GetProperty("firstNotCharged")[0].GetGuid());
        Assert.False(check.GetProperty("allTime").GetProperty("equal").GetBoolean());
        Assert.Equal("2025-07-15T12:00:00.000Z", check.GetProperty("runWindow").GetProperty("from").GetString());
    }

    [Fact]
    public void Write_RunWithoutFaults_RunJsonHasNoFaultKeys()
    {
        BenchOutputs.Write(SyntheticOutcome.Create(), _directory.FullName);

        var json = File.ReadAllText(Path.Combine(_directory.FullName, "run.json"));
        Assert.DoesNotContain("\"faults\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"chargeCheck\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_FaultRun_MarksFaultsAndRestartsOnTheTimelineAndShowsTheCheck()
    {
        BenchOutputs.Write(Outcome(), _directory.FullName);

        var html = File.ReadAllText(Path.Combine(_directory.FullName, "report.html"));
        Assert.Contains($"style=\"stroke:{HtmlReport.FaultColor}\"", html, StringComparison.Ordinal);
        Assert.Contains($"style=\"stroke:{HtmlReport.RestartColor}\"", html, StringComparison.Ordinal);
        Assert.Contains(">kill -9 api1</text>", html, StringComparison.Ordinal);
        Assert.Contains(">api1 back</text>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Charge check</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Red lines mark <b>faults</b>", html, StringComparison.Ordinal);
        Assert.Contains("2 lost, 1 charged twice", html, StringComparison.Ordinal);
        Assert.Contains(LostId.ToString(), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_AnyRun_ExplainsItsOwnLabels()
    {
        BenchOutputs.Write(SyntheticOutcome.Create(), _directory.FullName);

        var html = File.ReadAllText(Path.Combine(_directory.FullName, "report.html"));
        Assert.Contains("How to read this report", html, StringComparison.Ordinal);
        Assert.Contains("the default processor (D) answers after 100 ms and fails with 500", html, StringComparison.Ordinal);
        Assert.Contains("<b>lag</b> = payments accepted − payments counted", html, StringComparison.Ordinal);
        Assert.Contains("<b>total_liquido</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Red lines mark <b>faults</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_FaultRun_SaysWhatWasLostAndChargedTwiceWithTheFirstIds()
    {
        var outcome = Outcome();

        var text = ChargeCheckTable.Render(outcome.Faults, outcome.Charges!);

        Assert.Contains("fault at 3.0s: kill -9 api1: sent SIGKILL to api1 (pid 42)", text, StringComparison.Ordinal);
        Assert.Contains("accepted (2xx)        100: charged once 97 (default 90, fallback 8), lost 2, charged twice 1", text, StringComparison.Ordinal);
        Assert.Contains("first lost: " + LostId, text, StringComparison.Ordinal);
        Assert.Contains("backend default 50 / 995.00, fallback 0 / 0.00; processors default 90 / 1791.00, fallback 8 / 159.20: DIFFERENT", text, StringComparison.Ordinal);
        Assert.Contains("2 LOST, 1 CHARGED TWICE", text, StringComparison.Ordinal);
    }

    private static BenchOutcome Outcome()
    {
        var synthetic = SyntheticOutcome.Create();
        var start = synthetic.StartedAt;
        var twice = Guid.NewGuid();
        var comparison = new SummaryComparison(null, null, new SummaryPart(50, 995m), new SummaryPart(0, 0), null, new SummaryPart(90, 1791m), new SummaryPart(8, 159.2m));
        return synthetic with
        {
            Faults = [new AppliedFault(new Fault(TimeSpan.FromSeconds(3), "api1", Fault.Kill, TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(3.02), "sent SIGKILL to api1 (pid 42); it starts again 10 s after the signal")],
            StackEvents = [new StackEvent(TimeSpan.FromSeconds(13.1), "api1", "restarted", "api1 started again (pid 43)")],
            Charges = new ChargeCheck
            {
                Settled = TimeSpan.FromSeconds(5.3),
                SettledHow = "nothing more was charged for 5 s",
                Accepted = new ChargeTally(100, 2, 97, 1, 0, 90, 8, [LostId, Guid.NewGuid()], [twice], []),
                Unanswered = ChargeTally.Empty,
                Refused = ChargeTally.Empty,
                AllTime = comparison,
                RunWindow = comparison with { From = start, To = start.AddSeconds(20) },
            },
        };
    }
}
