using System.Globalization;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

public static partial class SummaryTable
{
    /// <summary>How many unanswered POSTs were charged anyway, by which processor: each one pulls the official lag down by one.</summary>
    public static string DescribeUnanswered(UnansweredCharges charges)
    {
        ArgumentNullException.ThrowIfNull(charges);
        if (charges.Unanswered == 0)
        {
            return "0 (every POST was answered)";
        }

        var text = $"{charges.Charged} of {charges.Unanswered} unanswered POSTs (default {charges.ByDefault}, fallback {charges.ByFallback})";
        if (charges.ByBoth > 0)
        {
            text += $", {charges.ByBoth} by both";
        }

        if (charges.Unresolved > 0)
        {
            text += $", {charges.Unresolved} not looked up";
        }

        return charges.Charged > 0 ? text + ": counted by the backend, not by the client, so the lag goes negative" : text;
    }

    public static string DescribeConnections(BenchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Settings.Connections == ConnectionMode.PerUser
            ? $"one per user: {outcome.ConnectionsOpened} opened for {outcome.UsersStarted} users (a timeout closes one, the user's next request opens another)"
            : $"pooled: {outcome.ConnectionsOpened} shared by {outcome.UsersStarted} users and the consistency checks";
    }

    public static string DescribeGeneratorCpu(BenchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var cpu = outcome.GeneratorCpu;
        var target = outcome.Settings.GeneratorCpuPerRequest;
        var ballast = target > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $" (its own {cpu.OwnMicrosecondsPerRequest:0.0}, topped up towards k6's {target.TotalMicroseconds:0} by a ballast of {cpu.Ballast.TotalSeconds:0.0} s)")
            : " (no ballast)";
        return string.Create(CultureInfo.InvariantCulture, $"{cpu.MicrosecondsPerRequest:0.0} us per request{ballast}, {cpu.CoresUsed:0.000} cores over {cpu.Wall.TotalSeconds:0.0} s, {cpu.Requests} requests");
    }

    public static string DescribeBackendCpu(BenchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.BackendCpu is { } backend
            ? string.Create(CultureInfo.InvariantCulture, $"{backend.MicrosecondsPerRequest:0.0} us per request ({backend.Cpu.TotalSeconds:0.0} s over {backend.Instances} instance(s), {backend.Requests} requests)")
            : "n/a (GET /status reports no cpuMilliseconds)";
    }
}
