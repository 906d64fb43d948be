namespace PayRelay.Testing.Provisioning;

public sealed partial class ToolProvisioner
{
    /// <summary>Longer than an install of the largest tool (Chromium) on a slow mirror.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Installs under the lock, unless another test process installed the tool or failed to moments ago.</summary>
    private ToolResolution InstallSerialized(ExternalTool tool)
    {
        using var gate = Lock();
        if (host.Locate(tool) is { } installedMeanwhile)
        {
            return new(installedMeanwhile, null);
        }

        var marker = Path.Combine(host.StateDirectory, $"{tool.Name}.failed");
        if (File.Exists(marker) && host.Time.GetUtcNow() - File.GetLastWriteTimeUtc(marker) < FailureMemory)
        {
            return Skip(tool, $"{tool.Name} is not installed, and installing it failed moments ago ({File.ReadAllText(marker).Trim()})");
        }

        host.Notice($"{tool.Name} is missing: installing the Debian package {tool.Package} with apt-get ({InstallVariable}=0 turns this off)");
        var attempt = host.Install(tool.Package);
        if (host.Locate(tool) is { } installed)
        {
            File.Delete(marker);
            host.Notice($"{tool.Name} installed: {installed}");
            return new(installed, null);
        }

        var detail = attempt.Succeeded ? $"apt-get installed {tool.Package}, yet no {tool.Name} executable is found" : attempt.Detail;
        File.WriteAllText(marker, detail);
        File.SetLastWriteTimeUtc(marker, host.Time.GetUtcNow().UtcDateTime);
        return Skip(tool, $"{tool.Name} is not installed, and installing it failed ({detail})");
    }

    /// <summary>
    /// An exclusive lock on a file in the state directory: on Linux, .NET takes a <c>flock</c> for
    /// <see cref="FileShare.None"/>, so it holds against other processes and other opens in this one alike.
    /// </summary>
    private FileStream Lock()
    {
        Directory.CreateDirectory(host.StateDirectory);
        var path = Path.Combine(host.StateDirectory, "install.lock");
        var started = host.Time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (host.Time.GetElapsedTime(started) < LockWait)
            {
                // Another test process is installing something: its install ends, or its process does and the lock with it.
                Thread.Sleep(LockPoll);
            }
        }
    }
}
