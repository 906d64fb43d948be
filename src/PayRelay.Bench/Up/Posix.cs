using System.Runtime.InteropServices;

namespace PayRelay.Bench.Up;

/// <summary>The POSIX calls .NET does not offer: sending a signal, undoing an inherited SIG_IGN, the effective user.</summary>
internal static partial class Posix
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    private const nint SigDefault = 0;
    private const nint SigIgnore = 1;

    // glibc's struct sigaction is 152 bytes on x86-64 and arm64, with the handler first: a larger buffer is safe.
    private const int SigactionBytes = 256;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Whether this process runs as root (effective user 0).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>
    /// A shell starts background jobs with SIGINT ignored, the process inherits that, and the runtime then leaves
    /// SIGINT alone, so a registered handler never runs. Put back the default disposition when, and only when,
    /// SIGINT is ignored, before a handler is registered; a handler the runtime installed stays as it is.
    /// </summary>
    /// <returns>Whether SIGINT was ignored.</returns>
    public static unsafe bool StopIgnoringInterrupt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var current = stackalloc byte[SigactionBytes];
        if (Sigaction(SigInt, null, current) != 0 || *(nint*)current != SigIgnore)
        {
            return false;
        }

        SetDisposition(SigInt, SigDefault);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static unsafe partial int Sigaction(int signal, byte* action, byte* previous);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetDisposition(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
