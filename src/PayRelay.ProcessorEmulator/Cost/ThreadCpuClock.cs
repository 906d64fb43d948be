using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PayRelay.ProcessorEmulator.Cost;

/// <summary>
/// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): it advances only while the thread runs,
/// so a burner that is preempted keeps burning until it has really spent its share.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>False where the thread clock is missing; <see cref="Now"/> then reads the wall clock.</summary>
    public static bool IsThreadTime { get; } = OperatingSystem.IsLinux();

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
