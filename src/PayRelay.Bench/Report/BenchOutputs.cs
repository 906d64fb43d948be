using System.Text.Encodings.Web;
using System.Text.Json;
using PayRelay.Bench.Run;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Report;

/// <summary>Writes a run's files: the official-format results, run.json, report.html and requests.csv.</summary>
public static class BenchOutputs
{
    // The official file prints "+" and ">" as they are; the default encoder would escape them.
    private static readonly ResultsJsonContext Results = new(new JsonSerializerOptions(ResultsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The results in the official file's shape and formatting.</summary>
    public static string ResultsJson(OfficialResults results) =>
        JsonSerializer.Serialize(results, Results.OfficialResults) + Environment.NewLine;

    public static void Write(BenchOutcome outcome, string directory)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Directory.CreateDirectory(directory);
        File.WriteAllText(
            Path.Combine(directory, outcome.Settings.Scenario.ResultsFileName),
            ResultsJson(outcome.Results));
        File.WriteAllText(
            Path.Combine(directory, "run.json"),
            JsonSerializer.Serialize(RunDetails.From(outcome), RunDetailsJsonContext.Default.RunDetails) + Environment.NewLine);
        var seconds = Timeline.PerSecond(outcome.Samples, outcome.Settings.Scenario.Duration);
        File.WriteAllText(Path.Combine(directory, "report.html"), HtmlReport.Render(outcome, seconds));
        RequestsCsv.Write(Path.Combine(directory, RequestsCsv.FileName), outcome.Samples);
    }
}
