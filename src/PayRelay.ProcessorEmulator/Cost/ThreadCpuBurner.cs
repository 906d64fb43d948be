using System.Runtime.CompilerServices;

namespace PayRelay.ProcessorEmulator.Cost;

/// <summary>
/// Burns CPU for real: integer work in short rounds until the thread's own CPU clock has advanced by the amount
/// asked. A thread that is preempted meanwhile does not count the time it waited, so the machine pays in full.
/// </summary>
public sealed class ThreadCpuBurner : ICpuBurner
{
    // About 2–5 µs of work between two reads of the clock, which costs a system call of its own.
    private const int RoundIterations = 2_000;

    private static ulong s_sink;

    private ThreadCpuBurner()
    {
    }

    public static ThreadCpuBurner Instance { get; } = new();

    public void Burn(TimeSpan cpu)
    {
        if (cpu <= TimeSpan.Zero)
        {
            return;
        }

        var end = ThreadCpuClock.Now() + cpu.Ticks;
        var state = (ulong)end | 1;
        do
        {
            state = Round(state);
        }
        while (ThreadCpuClock.Now() < end);
        Volatile.Write(ref s_sink, state);
    }

    // xorshift: cheap work the JIT cannot drop, since its result is kept.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Round(ulong state)
    {
        for (var i = 0; i < RoundIterations; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
        }

        return state;
    }
}
