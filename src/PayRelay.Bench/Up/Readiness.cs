using PayRelay.Bench.Http;

namespace PayRelay.Bench.Up;

/// <summary>Waits until a service answers as expected, its process exits, or a deadline passes.</summary>
public static class Readiness
{
    /// <summary>Polls <c>GET path</c> until it answers <paramref name="expectedStatus"/>.</summary>
    public static async Task WaitAsync(ServiceEndpoint endpoint, string path, int expectedStatus, IServiceProcess? process, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var invoker = BenchHttp.CreateInvoker(endpoint, TimeSpan.FromSeconds(1));
        var started = time.GetTimestamp();
        var last = "no answer";
        while (time.GetElapsedTime(started) < timeout)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"{process.Name} exited with code {process.ExitCode} before it was ready; its log ({process.LogPath}) ends with:{Environment.NewLine}{process.LogTail(20)}");
            }

            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Resolve(path));
                using var response = await invoker.SendAsync(request, linked.Token);
                if ((int)response.StatusCode == expectedStatus)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        throw new InvalidOperationException($"{process?.Name ?? endpoint.ToString()} did not answer GET /{path} with {expectedStatus} within {timeout.TotalSeconds:0} s (last: {last})");
    }
}
