namespace PayRelay.Bench.Run;

/// <summary>
/// Puts each processor's delay and failure back to what they were before the run. The admin API has no way to read
/// them, but each change answers <c>{"config","was","is"}</c>: the first change of a setting tells what it was. The
/// restore runs when the run ends, is aborted or is interrupted, on a deadline of its own, and out of the request log.
/// </summary>
public sealed class ProcessorSettings
{
    private static readonly TimeSpan RestoreDeadline = TimeSpan.FromSeconds(10);
    private readonly Dictionary<ProcessorRole, int> _delays = [];
    private readonly Dictionary<ProcessorRole, bool> _failures = [];
    private readonly Lock _gate = new();

    /// <summary>Notes a delay change; only the first one per processor counts.</summary>
    public void DelayChanged(ProcessorRole role, int was)
    {
        lock (_gate)
        {
            _delays.TryAdd(role, was);
        }
    }

    /// <summary>Notes a failure change; only the first one per processor counts.</summary>
    public void FailureChanged(ProcessorRole role, bool was)
    {
        lock (_gate)
        {
            _failures.TryAdd(role, was);
        }
    }

    /// <summary>Puts back every setting that changed, then forgets them; returns what could not be put back.</summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(TestClient client, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        KeyValuePair<ProcessorRole, int>[] delays;
        KeyValuePair<ProcessorRole, bool>[] failures;
        lock (_gate)
        {
            delays = [.. _delays];
            failures = [.. _failures];
            _delays.Clear();
            _failures.Clear();
        }

        // The run's own token may be cancelled already (Ctrl-C): the restore has a deadline of its own instead.
        using var deadline = new CancellationTokenSource(RestoreDeadline, time);
        var failed = new List<string>();
        foreach (var (role, delay) in delays)
        {
            var status = await PutAsync(() => client.PutDelayAsync(role, delay, deadline.Token, record: false));
            if (status != 200)
            {
                failed.Add($"the {Name(role)} processor's delay could not be put back to {delay} ms ({StageDriver.StatusText(status)})");
            }
        }

        foreach (var (role, failing) in failures)
        {
            var status = await PutAsync(() => client.PutFailureAsync(role, failing, deadline.Token, record: false));
            if (status != 200)
            {
                failed.Add($"the {Name(role)} processor's failure could not be put back to {(failing ? "true" : "false")} ({StageDriver.StatusText(status)})");
            }
        }

        return failed;
    }

    private static async Task<int> PutAsync<T>(Func<Task<TestClient.Answer<T>>> put)
    {
        try
        {
            return (await put()).Status;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    private static string Name(ProcessorRole role) => role == ProcessorRole.Default ? "default" : "fallback";
}
