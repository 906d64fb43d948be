using System.Runtime.InteropServices;

namespace PayRelay.Bench.Up;

/// <summary>The one POSIX call .NET does not offer: sending SIGTERM, so children shut down gracefully.</summary>
internal static partial class Posix
{
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
