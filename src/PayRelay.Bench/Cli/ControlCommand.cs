using System.Globalization;
using System.Text;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Cli;

/// <summary><c>ctl</c>: kills, restarts or lists the services of a running <c>up</c> through its control channel.</summary>
public static class ControlCommand
{
    /// <summary>Nothing answers on the control channel (sysexits' EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary><c>up</c> answered, and refused.</summary>
    public const int Refused = 1;

    private static readonly HashSet<string> ValueOptions = ["--port", "--control", "--signal", "--restart-after"];
    private static readonly HashSet<string> FlagOptions = ["--help", "-h"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await console.WriteLineAsync(HelpText.Control);
            return 0;
        }

        var (request, view, socketPath) = Parse(args);
        var control = new ControlClient(socketPath);
        ControlResponse response;
        try
        {
            response = await control.SendAsync(request, cancellationToken);
        }
        catch (ControlUnavailableException e)
        {
            await console.WriteLineAsync("ctl: " + e.Message);
            return Unavailable;
        }

        await console.WriteAsync(Render(view, response));
        return response.Ok ? 0 : Refused;
    }

    /// <summary>The request a command line asks for, what to print of the answer (status, events or the message) and where to send it.</summary>
    public static (ControlRequest Request, string View, string SocketPath) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (words, options) = Split(args);
        var reader = new ArgumentReader(options, ValueOptions, FlagOptions);
        return (Request(words, reader), words[0], SocketPath(reader));
    }

    private static ControlRequest Request(List<string> words, ArgumentReader reader)
    {
        var command = words.Count > 0 ? words[0] : throw new UsageException("ctl needs a command: status, events, kill NAME or restart NAME");
        string Name() => words.Count == 2 ? words[1] : throw new UsageException($"ctl {command} takes one service name (api1, api2, ...)");
        switch (command)
        {
            case "status" or "events" when words.Count == 1:
                return ControlRequest.Status;
            case "kill":
                var signal = reader.Value("--signal", "TERM");
                if (SignalNames.Parse(signal) is null)
                {
                    throw new UsageException($"--signal: '{signal}' is neither TERM nor KILL");
                }

                double? hold = reader.Value("--restart-after") is null ? null : reader.Double("--restart-after", 0);
                if (hold is < 0 or double.NaN || (hold is { } h && double.IsInfinity(h)))
                {
                    throw new UsageException("--restart-after is zero or more seconds");
                }

                return new ControlRequest("kill", Name(), signal.ToUpperInvariant(), hold);
            case "restart":
                return new ControlRequest("restart", Name());
            default:
                throw new UsageException($"ctl: '{string.Join(' ', words)}' is not a command: status, events, kill NAME or restart NAME");
        }
    }

    /// <summary>The control socket: --control, or the one of the <c>up</c> whose balancer serves --port (9999).</summary>
    private static string SocketPath(ArgumentReader reader)
    {
        if (reader.Value("--control") is { } path)
        {
            return path;
        }

        var port = reader.Int("--port", 9999);
        return port is > 0 and < 65536 ? ControlPaths.ForPort(port) : throw new UsageException($"--port: {port} is not a port");
    }

    /// <summary>What <c>ctl</c> prints: the message, then the services (status) or the events (events).</summary>
    public static string Render(string command, ControlResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder();
        if (!response.Ok)
        {
            text.Append("ctl: ").AppendLine(response.Error);
        }
        else if (response.Message is { } message)
        {
            text.AppendLine(message);
        }

        if (command == "status" && response.Services is { } services)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{"service",-20}{"state",-18}{"pid",-9}{"restarts",-10}{"last exit",-11}url");
            foreach (var s in services)
            {
                var state = s.RestartInSeconds is { } wait ? $"{s.State} ({wait:0} s)" : s.State;
                var pid = s.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-";
                var exit = s.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-";
                text.AppendLine(CultureInfo.InvariantCulture, $"{s.Name,-20}{state,-18}{pid,-9}{s.Restarts,-10}{exit,-11}{s.Url}");
            }
        }

        if (command == "events" && response.Events is { } events)
        {
            if (events.Count == 0)
            {
                text.AppendLine("no events yet: nothing has been signalled, has exited or restarted");
            }

            foreach (var e in events)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{e.At.ToLocalTime():HH:mm:ss.fff}  {e.Detail}");
            }
        }

        return text.ToString();
    }

    /// <summary>Splits the command words (status, kill api1) from the options and their values.</summary>
    private static (List<string> Words, List<string> Options) Split(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var options = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                words.Add(args[i]);
                continue;
            }

            options.Add(args[i]);
            if (ValueOptions.Contains(args[i]) && i + 1 < args.Count)
            {
                options.Add(args[++i]);
            }
        }

        return (words, options);
    }
}
