using System.Diagnostics;
using System.Text.Json;
using PayRelay.Bench.Report;
using PayRelay.Bench.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bench-report-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Timeline_PerSecond_BucketsPaymentsByStartSecond()
    {
        var outcome = SyntheticOutcome.Create();

        var seconds = Timeline.PerSecond(outcome.Samples, outcome.Settings.Scenario.Duration);

        Assert.Equal(20, seconds[0].Succeeded + seconds[0].Failed);
        Assert.Equal(160, seconds[14].Succeeded + seconds[14].Failed);
        Assert.Equal(3, seconds[14].TimedOut);
        Assert.True(seconds[5].P99 > 30, "the slow second shows in its p99");
        Assert.True(seconds[4].P99 < 5);
    }

    [Fact]
    public void Write_Outcome_WritesResultsRunDetailsAndAReportWithEveryChart()
    {
        var outcome = SyntheticOutcome.Create();

        BenchOutputs.Write(outcome, _directory.FullName);

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory.FullName, "partial-results.json")));
        Assert.Equal("synthetic", results.RootElement.GetProperty("participante").GetString());
        using var details = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory.FullName, "run.json")));
        var run = details.RootElement;
        Assert.Equal(0.09375, run.GetProperty("generatorCoresUsed").GetDouble(), 6);
        Assert.Equal(0.5, run.GetProperty("generatorBallastSeconds").GetDouble(), 6);
        Assert.Equal(790, run.GetProperty("generatorTargetMicrosecondsPerRequest").GetDouble(), 6);
        Assert.Equal(4000, run.GetProperty("backendMicrosecondsPerRequest").GetDouble(), 6);
        Assert.Equal(4, run.GetProperty("timedOutCharged").GetInt32());
        Assert.Equal(3, run.GetProperty("timedOutChargedByDefault").GetInt32());
        Assert.Equal("per-user", run.GetProperty("connections").GetString());
        Assert.Equal(560, run.GetProperty("connectionsOpened").GetInt64());
        var html = File.ReadAllText(Path.Combine(_directory.FullName, "report.html"));
        Assert.Equal(7, html.Split("<svg").Length - 1);
        Assert.Contains("Payments per second", html, StringComparison.Ordinal);
        Assert.Contains("POST /payments latency per second: p50, p90, p99 and max", html, StringComparison.Ordinal);
        Assert.Contains("per processor per second", html, StringComparison.Ordinal);
        Assert.Contains("queue depth", html, StringComparison.Ordinal);
        Assert.Contains("Dispatch rate per processor", html, StringComparison.Ordinal);
        Assert.Contains("Concurrency limit per processor", html, StringComparison.Ordinal);
        Assert.Contains("Backend CPU", html, StringComparison.Ordinal);
        Assert.Contains("4 of 21 unanswered POSTs (default 3, fallback 1)", html, StringComparison.Ordinal);
        Assert.Contains("the red p99 line is the per-second view of the score", html, StringComparison.Ordinal);
        Assert.Contains("D 2000ms+FAIL &#183; F 1000ms+FAIL", html, StringComparison.Ordinal);
        Assert.Contains("a &lt;warning&gt; to show", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(_directory.FullName, "requests.csv"));
        Assert.Equal("start_ms,duration_ms,status,kind", csv[0]);
        Assert.Equal(outcome.Samples.Length + 1, csv.Length);
        Assert.Equal(RequestsCsv.Line(outcome.Samples[^1]), csv[^1]);
    }

    [Fact]
    public void Write_StatusWithoutDispatchFields_LeavesThoseChartsOutAndSaysBackendCpuIsNotAvailable()
    {
        var full = SyntheticOutcome.Create();
        var outcome = full with
        {
            Status = full.Status.Select(p => new PayRelay.Bench.Run.StatusPoint(p.At, p.Instance, p.QueueDepth, p.InFlight) { Round = p.Round }).ToList(),
            BackendCpu = null,
        };

        BenchOutputs.Write(outcome, _directory.FullName);

        var html = File.ReadAllText(Path.Combine(_directory.FullName, "report.html"));
        Assert.Equal(4, html.Split("<svg").Length - 1);
        Assert.DoesNotContain("Dispatch rate per processor", html, StringComparison.Ordinal);
        Assert.Contains("n/a (GET /status reports no cpuMilliseconds)", html, StringComparison.Ordinal);
        using var details = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory.FullName, "run.json")));
        Assert.False(details.RootElement.TryGetProperty("backendMicrosecondsPerRequest", out _), "a backend CPU nobody reported is left out");
    }

    [Fact]
    public void Render_Summary_ShowsTheChargedTimeoutsAndBothSidesCpu()
    {
        var text = SummaryTable.Render(SyntheticOutcome.Create(), null);

        Assert.Contains("timed out but charged", text, StringComparison.Ordinal);
        Assert.Contains("4 of 21 unanswered POSTs (default 3, fallback 1): counted by the backend, not by the client", text, StringComparison.Ordinal);
        Assert.Contains("4000.0 us per request (7.0 s over 2 instance(s), 1750 requests)", text, StringComparison.Ordinal);
        Assert.Contains("one per user: 560 opened for 549 users", text, StringComparison.Ordinal);
        Assert.Contains("topped up towards k6's 790", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_Sample_IsInvariantMillisecondsStatusAndKind()
    {
        var sample = new PayRelay.Bench.Run.RequestSample(TimeSpan.FromMilliseconds(1500.25), TimeSpan.FromMicroseconds(1234), 202, PayRelay.Bench.Run.RequestKind.Payment);

        Assert.Equal("1500.250,1.234,202,payment", RequestsCsv.Line(sample));
        Assert.Equal("0.000,0.000,0,summary", RequestsCsv.Line(new(TimeSpan.Zero, TimeSpan.Zero, 0, PayRelay.Bench.Run.RequestKind.BackendSummary)));
    }

    [SkippableFact]
    public async Task Report_InHeadlessChromium_RendersTheChartsLines()
    {
        BenchOutputs.Write(SyntheticOutcome.Create(), _directory.FullName);
        var png = Path.Combine(_directory.FullName, "report.png");

        await ScreenshotAsync(Path.Combine(_directory.FullName, "report.html"), png);

        var pixels = PngPixels.Read(png);
        Assert.Equal((1280, 2000), (pixels.Width, pixels.Height));

        // The series colours: blue (accepted, p90, default, api1 queue), red (failed, p99, fallback),
        // and the purple dashed stage markers.
        Assert.True(pixels.Count(0x2a, 0x7a, 0xb9) > 500, "blue series not drawn");
        Assert.True(pixels.Count(0xd1, 0x49, 0x5b) > 300, "red series not drawn");
        Assert.True(pixels.Count(0x7b, 0x2c, 0xbf) > 300, "stage markers not drawn");
    }

    private async Task ScreenshotAsync(string html, string png)
    {
        var chromium = RequiredTool.Path("chromium");
        var info = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={Path.Combine(_directory.FullName, "profile")}",
            $"--screenshot={png}", "--window-size=1280,2000", "file://" + html,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(File.Exists(png), "no screenshot: " + await stderr);
    }
}
