using System.Diagnostics;

namespace PayRelay.Bench.Up;

/// <summary>
/// Finds the balancer's executable. When it is missing, <c>up</c> installs the Debian package itself as root (unless
/// told not to), and otherwise stops at once naming the one command that fixes it. Where executables are found,
/// whether this is root and how apt-get runs are passed in, so each decision is tested without installing anything.
/// </summary>
public sealed class Dependencies(Func<string, string?> find, bool isRoot, Func<IReadOnlyList<string>, CancellationToken, Task> aptGet, TextWriter console)
{
    /// <summary>The command that installs everything <c>up</c> and the tests use.</summary>
    public const string InstallCommand = "sudo scripts/install-deps.sh";

    private static readonly string[] SearchDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/sbin"];

    /// <summary>This machine: its PATH, its effective user, its apt-get.</summary>
    public static Dependencies ForThisMachine(TextWriter console) => new(Find, Posix.IsRoot, RunAptGetAsync, console);

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

    /// <summary>The Debian package that provides <paramref name="loadBalancer"/>.</summary>
    public static string PackageOf(string loadBalancer) => loadBalancer == "nginx" ? "nginx-light" : "haproxy";

    /// <summary>The executable of <paramref name="loadBalancer"/>, installed first when missing and allowed.</summary>
    public async Task<string> RequireAsync(string loadBalancer, bool noInstall, CancellationToken cancellationToken)
    {
        if (find(loadBalancer) is { } found)
        {
            return found;
        }

        var package = PackageOf(loadBalancer);
        if (noInstall)
        {
            throw new InvalidOperationException(
                $"{loadBalancer} is not installed and --no-install keeps up from installing it: run `{InstallCommand}`, then up again");
        }

        if (!isRoot)
        {
            throw new InvalidOperationException(
                $"{loadBalancer} is not installed and only root can install it: run `{InstallCommand}`, then up again");
        }

        await console.WriteLineAsync($"up: {loadBalancer} is not installed; installing the Debian package {package} with apt-get (--no-install stops this)");
        await aptGet(["update", "-qq"], cancellationToken);
        await aptGet(["install", "-y", "-qq", "--no-install-recommends", package], cancellationToken);
        return find(loadBalancer) ?? throw new InvalidOperationException($"apt-get installed {package} but {loadBalancer} is still not found");
    }

    private static async Task RunAptGetAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var aptGet = Find("apt-get") ?? throw new InvalidOperationException(
            "the load balancer is missing and this machine has no apt-get: install haproxy (or nginx) with its package manager");
        var info = new ProcessStartInfo(aptGet) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not run apt-get");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"apt-get {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }
    }
}
