using System.Text.Json;
using PayRelay.Server.Http;
using PayRelay.Server.Net;

namespace PayRelay.Server.Dispatch;

public sealed partial class HealthPoller
{
    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var polls = new Task<HealthShare?>[ProcessorKinds.Count];
        for (var i = 0; i < polls.Length; i++)
        {
            polls[i] = PollAsync((ProcessorKind)i, cancellationToken);
        }

        var results = await Task.WhenAll(polls);
        var shares = Array.FindAll(results, r => r is not null);
        if (shares.Length > 0 && peer is not null)
        {
            try
            {
                await peer.PostAsync("internal/health", shares!, ServerJson.Default.HealthShareArray, cancellationToken);
            }
            catch (Exception e) when (e is Http1Exception or OperationCanceledException)
            {
                Log.PeerUnavailable(logger, peer.Display, "health push", e.Message);
            }
        }
    }

    private async Task<HealthShare?> PollAsync(ProcessorKind kind, CancellationToken cancellationToken)
    {
        var name = ProcessorKinds.Name(kind);
        try
        {
            var response = (await _clients[(int)kind].SendAsync("GET", "payments/service-health", ReadOnlyMemory<byte>.Empty, cancellationToken))
                .EnsureSuccess("the health check");
            var wire = JsonSerializer.Deserialize(response.Body.Span, ServerJson.Default.ProcessorHealthWire);
            if (wire is null)
            {
                return null;
            }

            var share = new HealthShare(name, wire.Failing, wire.MinResponseTime, time.GetUtcNow(), options.InstanceId);
            var previous = board.Latest(kind);
            board.Apply(kind, share, fromPrimary: board.IsLocalPrimary);
            if (previous is null || previous.Failing != share.Failing || previous.MinResponseTime != share.MinResponseTime)
            {
                Log.HealthPolled(logger, name, share.Failing, share.MinResponseTime, share.Source);
            }

            return share;
        }
        catch (Exception e) when (e is Http1Exception or OperationCanceledException or JsonException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.HealthPollFailed(logger, name, e.Message);
            }

            return null;
        }
    }

    /// <summary>
    /// Hands polling back from a standby that took over: the primary first announces itself (the standby stops
    /// polling as soon as it hears it), waits one interval so a poll the standby had under way is over and
    /// shared, then delays its own first poll until a full interval after the deployment's last poll.
    /// </summary>
    private async Task WaitForPeersLastPollAsync(CancellationToken cancellationToken)
    {
        if (peer is null)
        {
            return;
        }

        try
        {
            await peer.PostAsync("internal/health", Array.Empty<HealthShare>(), ServerJson.Default.HealthShareArray, cancellationToken);
        }
        catch (Exception e) when (e is Http1Exception or OperationCanceledException)
        {
            // No peer yet (it may be starting too): nobody else has polled recently.
            return;
        }

        await Task.Delay(options.HealthPollInterval + TimeSpan.FromMilliseconds(200), time, cancellationToken);
        try
        {
            var shares = await peer.GetAsync("internal/health", ServerJson.Default.HealthShareArray, cancellationToken) ?? [];
            var last = DateTimeOffset.MinValue;
            foreach (var share in shares)
            {
                if (share is not null && share.PolledAt > last)
                {
                    last = share.PolledAt;
                }
            }

            var wait = last + options.HealthPollInterval - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch (Exception e) when (e is Http1Exception or OperationCanceledException or JsonException)
        {
            // No peer yet (it may be starting too): nobody else has polled recently.
        }
    }
}
