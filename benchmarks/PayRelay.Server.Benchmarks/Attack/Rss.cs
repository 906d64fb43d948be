using System.Globalization;

namespace PayRelay.Server.Benchmarks.Attack;

/// <summary>A process's resident set, from <c>/proc/PID/status</c>.</summary>
public static class Rss
{
    /// <summary>VmRSS in bytes, or 0 when the process is gone.</summary>
    public static long Of(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
