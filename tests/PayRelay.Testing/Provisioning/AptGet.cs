using System.Diagnostics;

namespace PayRelay.Testing.Provisioning;

/// <summary>Installs one Debian package, non-interactively and without its recommendations, as scripts/install-deps.sh does.</summary>
public static class AptGet
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static InstallAttempt Install(string package)
    {
        var update = Run(["update", "-qq"]);
        if (!update.Succeeded)
        {
            return update;
        }

        return Run(["install", "-y", "-qq", "--no-install-recommends", package]);
    }

    private static InstallAttempt Run(string[] arguments)
    {
        var info = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(false, $"apt-get could not be run: {e.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                return new(false, $"apt-get {arguments[0]} took longer than {Limit.TotalMinutes} min");
            }

            var said = (stderr.Result + stdout.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return process.ExitCode == 0
                ? new(true, string.Empty)
                : new(false, $"apt-get {arguments[0]} exited with {process.ExitCode}: {string.Join(" / ", said.TakeLast(2))}");
        }
    }
}
