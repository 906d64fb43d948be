using System.Runtime.InteropServices;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// Sets the calling thread's nice value. On Linux every thread has its own, and <c>setpriority</c> with a thread id sets
/// that thread's alone: the dispatch thread can yield the CPU to the threads that read requests without touching them.
/// Raising the value needs no privilege; lowering it below the process's needs CAP_SYS_NICE.
/// </summary>
internal static partial class ThreadNice
{
    private const int PrioProcess = 0;

    /// <summary>Sets the current thread's nice value to <paramref name="nice"/>; on failure says why.</summary>
    public static bool TrySet(int nice, out string error)
    {
        if (!OperatingSystem.IsLinux())
        {
            error = "per-thread nice values exist on Linux only";
            return false;
        }

        if (SetPriority(PrioProcess, GetThreadId(), nice) == 0)
        {
            error = "";
            return true;
        }

        error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        return false;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
