namespace PayRelay.Server.Storage.Journaling;

public sealed partial class JournalWriter
{
    private readonly Lock _syncGate = new();
    private List<TaskCompletionSource>? _waiting;
    private bool _flushing;

    /// <summary>
    /// With <see cref="JournalSync.Batch"/>: completes once an fsync that started after this call's records were
    /// written has returned. Callers that arrive while an fsync runs share the next one, so under load one fsync
    /// covers every request that came in during the previous. In the other modes it is complete at once.
    /// </summary>
    public ValueTask WhenDurableAsync()
    {
        if (Sync != JournalSync.Batch)
        {
            return ValueTask.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_syncGate)
        {
            (_waiting ??= []).Add(done);
            if (!_flushing)
            {
                _flushing = true;
                ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.FlushBatches(), this, preferLocal: false);
            }
        }

        return new ValueTask(done.Task);
    }

    private void FlushBatches()
    {
        while (true)
        {
            List<TaskCompletionSource> batch;
            lock (_syncGate)
            {
                if (_waiting is null)
                {
                    _flushing = false;
                    return;
                }

                batch = _waiting;
                _waiting = null;
            }

            // Every waiter in the batch wrote before it registered, so this fsync covers it. A segment closed
            // meanwhile was flushed to disk as it closed.
            Exception? failure = null;
            try
            {
                FileStream file;
                lock (_fileGate)
                {
                    file = _file;
                }

                file.Flush(flushToDisk: true);
            }
            catch (ObjectDisposedException)
            {
            }
            catch (IOException e)
            {
                failure = e;
            }

            foreach (var done in batch)
            {
                if (failure is null)
                {
                    done.TrySetResult();
                }
                else
                {
                    done.TrySetException(failure);
                }
            }
        }
    }
}
