using System.Globalization;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Up;

/// <summary>
/// <c>up</c>: the topology of docker-compose.yml as native processes (two emulated processors, two
/// instances on unix sockets, the balancer on the public port), kept in the foreground until
/// stopped, then everything it started is stopped in reverse order.
/// </summary>
public sealed partial class StackLauncher(UpOptions options, TextWriter console, ILogger logger, TimeProvider time)
{
    private readonly List<(ChildProcess Process, int Tier)> _children = [];
    private readonly List<CgroupV1> _groups = [];
    private DirectoryInfo? _workDirectory;

    /// <summary>Starts the stack, waits until stopped or until a service dies; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var exitCode = 0;
        try
        {
            await StartAsync(stop);
            var anyExit = Task.WhenAny(_children.Select(c => c.Process.Exited));
            var stopped = new TaskCompletionSource();
            await using (stop.Register(() => stopped.TrySetResult()))
            {
                if (await Task.WhenAny(anyExit, stopped.Task) == anyExit)
                {
                    var dead = _children.First(c => c.Process.HasExited).Process;
                    UpLog.ExitedUnexpectedly(logger, dead.Name, dead.ExitCode, dead.LogTail(20));
                    exitCode = 1;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await console.WriteLineAsync("up: " + e.Message);
            exitCode = 1;
        }
        finally
        {
            await StopAllAsync(keepLogs: exitCode != 0 || options.KeepLogs);
        }

        return exitCode;
    }

    private async Task StopAllAsync(bool keepLogs)
    {
        foreach (var tier in _children.Select(c => c.Tier).Distinct().OrderDescending())
        {
            var stopping = new List<Task>();
            foreach (var (process, _) in _children.Where(c => c.Tier == tier))
            {
                if (!process.HasExited)
                {
                    UpLog.Stopping(logger, process.Name, process.Id);
                }

                stopping.Add(StopOneAsync(process, tier == ServerTier ? options.StopGrace : TimeSpan.FromSeconds(5)));
            }

            await Task.WhenAll(stopping);
        }

        foreach (var (process, _) in _children)
        {
            process.Dispose();
        }

        _children.Clear();
        foreach (var group in _groups)
        {
            group.Dispose();
        }

        _groups.Clear();
        if (_workDirectory is { } dir)
        {
            if (keepLogs)
            {
                await console.WriteLineAsync($"logs kept in {Path.Combine(dir.FullName, "logs")}");
            }
            else
            {
                dir.Delete(recursive: true);
            }
        }
    }

    private async Task StopOneAsync(ChildProcess process, TimeSpan grace)
    {
        await process.StopAsync(grace, time);
        UpLog.Stopped(logger, process.Name, process.ExitCode);
    }

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static ServiceEndpoint Local(int port) => ServiceEndpoint.Parse($"http://127.0.0.1:{port}");
}
