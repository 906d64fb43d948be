using System.Diagnostics;
using System.Text;

namespace PayRelay.Bench.Up;

/// <summary>What to start for one service of the stack.</summary>
public sealed record ServiceSpec(string Name, string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment);

/// <summary>
/// One service of the stack as a child process. It starts through <c>/bin/sh</c>, which joins the
/// service's cgroups, sends its output to a log file and then executes the service in its own
/// place: the child's PID is the service's, and its output never passes through this process.
/// The service runs in a session of its own, so a Ctrl-C at the terminal reaches only <c>up</c>,
/// which then stops the services in order (the balancer first, so the instances drain).
/// </summary>
public sealed class ChildProcess : IServiceProcess
{
    private readonly Process _process;

    private ChildProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        Exited = process.WaitForExitAsync();
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public Task Exited { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(ServiceSpec spec, string logPath, IReadOnlyList<string> cgroupProcsFiles)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cgroupProcsFiles);
        var script = new StringBuilder();
        foreach (var procs in cgroupProcsFiles)
        {
            script.Append("echo $$ > ").Append(Quote(procs)).Append(" || exit 97; ");
        }

        // setsid keeps the PID: the shell is not a process group leader, so it does not fork.
        var setsid = Dependencies.Find("setsid") is { } path ? Quote(path) + " " : string.Empty;
        script.Append("exec ").Append(setsid).Append("\"$0\" \"$@\" >> ").Append(Quote(logPath)).Append(" 2>&1");
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script.ToString());
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {spec.Name}");
        return new ChildProcess(spec.Name, process, logPath);
    }

    public bool Signal(int signal) => !_process.HasExited && Posix.Signal(_process.Id, signal);

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        if (_process.HasExited)
        {
            return;
        }

        Posix.Signal(_process.Id, Posix.SigTerm);
        using var timeout = new CancellationTokenSource(grace, time);
        try
        {
            await Exited.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await Exited;
        }
    }

    /// <summary>The last lines of the service's log, to show why it failed.</summary>
    public string LogTail(int lines)
    {
        try
        {
            var all = File.ReadAllLines(LogPath);
            return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public void Dispose() => _process.Dispose();

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
