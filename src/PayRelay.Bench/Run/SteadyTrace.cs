using System.Globalization;
using System.Text;

namespace PayRelay.Bench.Run;

/// <summary>A steady run's requests as CSV, one line each in the order they left: <c>start_ms,latency_ms,status</c>.</summary>
public static class SteadyTrace
{
    public const string Header = "start_ms,latency_ms,status";

    public static async Task WriteAsync(string path, IReadOnlyList<SteadySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteLineAsync(Header.AsMemory(), cancellationToken);
        foreach (var sample in samples)
        {
            await writer.WriteLineAsync(Line(sample).AsMemory(), cancellationToken);
        }
    }

    public static string Line(SteadySample sample) =>
        string.Create(CultureInfo.InvariantCulture, $"{sample.StartMs:F3},{sample.LatencyMs:F3},{sample.Status}");
}
