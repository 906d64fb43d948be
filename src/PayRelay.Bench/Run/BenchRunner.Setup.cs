namespace PayRelay.Bench.Run;

public sealed partial class BenchRunner
{
    /// <summary>
    /// Sets the processors' token, purges both processors, then purges the backend (whose answer
    /// does not matter, as in the official script). Token first: the processors then accept the
    /// purge whatever token the run uses.
    /// </summary>
    private async Task SetupAsync(TestClient client, CancellationToken cancellationToken)
    {
        foreach (var role in new[] { ProcessorRole.Default, ProcessorRole.Fallback })
        {
            var status = await client.SetTokenAsync(role, cancellationToken);
            if (status != 204)
            {
                throw new BenchAbortedException($"setting the token of the {Name(role)} processor at {Endpoint(role)} answered {StageDriver.StatusText(status)}");
            }
        }

        foreach (var role in new[] { ProcessorRole.Default, ProcessorRole.Fallback })
        {
            var status = await client.PurgeProcessorAsync(role, cancellationToken);
            if (status != 200)
            {
                throw new BenchAbortedException($"purging the {Name(role)} processor at {Endpoint(role)} answered {StageDriver.StatusText(status)}");
            }
        }

        var purge = await client.PurgeBackendAsync(cancellationToken);
        if (purge is < 200 or >= 300)
        {
            Warn($"POST /purge-payments on the backend answered {StageDriver.StatusText(purge)}; the run goes on, as the official one does");
        }
    }

    private static string Name(ProcessorRole role) => role == ProcessorRole.Default ? "default" : "fallback";

    private string Endpoint(ProcessorRole role) =>
        (role == ProcessorRole.Default ? settings.DefaultProcessor : settings.FallbackProcessor).ToString();
}
