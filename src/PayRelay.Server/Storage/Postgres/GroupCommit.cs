using System.Threading.Channels;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// Groups the requests of concurrent callers into one database round trip. One writer takes whatever has queued up
/// while the previous round trip was under way (up to <see cref="MaxBatch"/>) and commits it as one statement: at low
/// load a request waits for its own round trip only, at high load hundreds share one. No timer adds latency to a
/// lone request; the grouping comes from the round trip itself.
/// </summary>
/// <typeparam name="TRequest">One caller's request.</typeparam>
/// <typeparam name="TResult">What that caller is answered.</typeparam>
public sealed class GroupCommit<TRequest, TResult> : IAsyncDisposable
{
    /// <summary>Rows in one statement at most: large enough to absorb a burst, small enough to stay one quick statement.</summary>
    public const int MaxBatch = 512;

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<List<TRequest>, TResult[], CancellationToken, Task> _commit;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;

    /// <param name="commit">Commits a batch and fills one result per request; throwing fails every request of the batch.</param>
    public GroupCommit(Func<List<TRequest>, TResult[], CancellationToken, Task> commit)
    {
        _commit = commit;
        _writer = Task.Run(WriteAsync);
    }

    public Task<TResult> Add(TRequest request)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Entry(request, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(GroupCommit<TRequest, TResult>)));
        }

        return done.Task;
    }

    private async Task WriteAsync()
    {
        var entries = new List<Entry>(MaxBatch);
        var requests = new List<TRequest>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                entries.Clear();
                requests.Clear();
                while (entries.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
                {
                    entries.Add(entry);
                    requests.Add(entry.Request);
                }

                var results = new TResult[entries.Count];
                try
                {
                    await _commit(requests, results, _stop.Token);
                    for (var i = 0; i < entries.Count; i++)
                    {
                        entries[i].Done.TrySetResult(results[i]);
                    }
                }
                catch (Exception e)
                {
                    foreach (var entry in entries)
                    {
                        entry.Done.TrySetException(e);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: what is still queued fails below.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetException(new ObjectDisposedException(nameof(GroupCommit<TRequest, TResult>)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(TimeSpan.FromSeconds(2)));
        await _stop.CancelAsync();
        await _writer;
        _stop.Dispose();
    }

    private readonly record struct Entry(TRequest Request, TaskCompletionSource<TResult> Done);
}
