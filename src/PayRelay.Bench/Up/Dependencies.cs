using System.Diagnostics;

namespace PayRelay.Bench.Up;

/// <summary>Finds the balancer's executable, or installs the Debian package when allowed.</summary>
public static class Dependencies
{
    private static readonly string[] SearchDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/sbin"];

    public static string? Find(string executable)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SearchDirectories))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The executable of <paramref name="loadBalancer"/>, installing it with apt-get when <paramref name="install"/> allows.</summary>
    public static async Task<string> RequireAsync(string loadBalancer, bool install, TextWriter console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var package = loadBalancer == "nginx" ? "nginx-light" : "haproxy";
        if (Find(loadBalancer) is { } found)
        {
            return found;
        }

        if (!install)
        {
            throw new InvalidOperationException(
                $"{loadBalancer} is not installed. Install it with `sudo apt-get install -y --no-install-recommends {package}` " +
                $"(Debian/Ubuntu), or run `up --install` as root to let up install it.");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"{loadBalancer} is not installed and --install needs root: run `sudo apt-get install -y {package}`");
        }

        console.WriteLine($"installing {package} with apt-get ...");
        await RunAsync("apt-get", ["update", "-qq"], cancellationToken);
        await RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", package], cancellationToken);
        return Find(loadBalancer) ?? throw new InvalidOperationException($"apt-get installed {package} but {loadBalancer} is still not found");
    }

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {file}");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }
    }
}
