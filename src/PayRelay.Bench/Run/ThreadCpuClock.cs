using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PayRelay.Bench.Run;

/// <summary>
/// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): it advances only while the thread runs, so
/// the ballast knows what it really spent even when it was preempted. Elsewhere it reads the wall clock.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    private static readonly bool IsThreadTime = OperatingSystem.IsLinux();

    /// <summary>The calling thread's CPU time, in <see cref="TimeSpan"/> ticks (100 ns).</summary>
    public static long Now()
    {
        if (IsThreadTime && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100);
        }

        return Stopwatch.GetElapsedTime(0).Ticks;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
