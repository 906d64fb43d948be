using System.Runtime.CompilerServices;

namespace PayRelay.Bench.Run;

/// <summary>
/// Makes the load generator cost what k6 costs. k6 spends about 790 µs of CPU per request (measured: 28 CPU-seconds
/// over a 120 s run of 36,000 requests) on the cores it shares with what it measures; this generator needs less.
/// A thread of its own earns <see cref="PerRequest"/> for every request the run has completed and spends whatever
/// the whole process (this thread included) has not spent yet, in slices of at most half a millisecond, measured on
/// its own CPU clock. It burns off the timed path: no request waits for it except as the machine's other threads do.
/// </summary>
public sealed class CpuBallast : IDisposable
{
    private static readonly TimeSpan MaxSlice = TimeSpan.FromMicroseconds(500);
    private static readonly TimeSpan MinSlice = TimeSpan.FromMicroseconds(50);
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(2);
    private readonly Func<long> _completedRequests;
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;
    private TimeSpan _processAtStart;
    private long _burnedTicks;
    private ulong _sink = 1;

    /// <param name="perRequest">What the process as a whole should spend per completed request.</param>
    /// <param name="completedRequests">How many requests the run has completed so far.</param>
    public CpuBallast(TimeSpan perRequest, Func<long> completedRequests)
    {
        ArgumentNullException.ThrowIfNull(completedRequests);
        PerRequest = perRequest;
        _completedRequests = completedRequests;
    }

    public TimeSpan PerRequest { get; }

    /// <summary>The CPU the ballast itself spent burning.</summary>
    public TimeSpan Burned => TimeSpan.FromTicks(Interlocked.Read(ref _burnedTicks));

    /// <summary>Starts burning from now on; the process's CPU until now does not count.</summary>
    public void Start()
    {
        if (PerRequest <= TimeSpan.Zero || _thread is not null)
        {
            return;
        }

        _processAtStart = Environment.CpuUsage.TotalTime;
        _thread = new Thread(Run) { IsBackground = true, Name = "cpu-ballast" };
        _thread.Start();
    }

    /// <summary>Stops burning and waits for the thread to end.</summary>
    public void Stop()
    {
        _stop.Set();
        _thread?.Join();
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsSet)
        {
            var owed = (PerRequest * _completedRequests()) - (Environment.CpuUsage.TotalTime - _processAtStart);
            if (owed < MinSlice)
            {
                _stop.Wait(Idle);
                continue;
            }

            var slice = owed < MaxSlice ? owed : MaxSlice;
            var start = ThreadCpuClock.Now();
            var end = start + slice.Ticks;
            long now;
            do
            {
                _sink = Round(_sink);
                now = ThreadCpuClock.Now();
            }
            while (now < end);
            Interlocked.Add(ref _burnedTicks, now - start);
        }
    }

    // xorshift: a few microseconds of integer work the JIT cannot drop, since its result is kept.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Round(ulong state)
    {
        for (var i = 0; i < 2_000; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
        }

        return state;
    }
}
