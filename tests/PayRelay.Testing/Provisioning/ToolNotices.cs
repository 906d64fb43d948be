using Xunit.Abstractions;
using Xunit.Sdk;

namespace PayRelay.Testing.Provisioning;

/// <summary>
/// Where <see cref="ToolProvisioner"/> tells what it does: xunit's diagnostic messages, which <c>dotnet test</c> prints
/// at its default verbosity (the assembly's xunit.runner.json sets <c>diagnosticMessages</c>). An assembly opts in with
/// <c>[assembly: TestFramework(ToolNotices.Framework, ToolNotices.Assembly)]</c>; without it notices go to stderr.
/// </summary>
public static class ToolNotices
{
    public const string Framework = "PayRelay.Testing.Provisioning.NoticingTestFramework";
    public const string Assembly = "PayRelay.Testing";

    private static volatile IMessageSink? _sink;

    public static void Say(string message)
    {
        var line = $"PayRelay tests: {message}";
        if (_sink is { } sink)
        {
            sink.OnMessage(new DiagnosticMessage(line));
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    internal static void Attach(IMessageSink sink) => _sink = sink;
}

/// <summary>xunit's own framework, keeping hold of the diagnostic sink it is given so tests can speak through it.</summary>
public sealed class NoticingTestFramework : XunitTestFramework
{
    public NoticingTestFramework(IMessageSink messageSink)
        : base(messageSink) => ToolNotices.Attach(messageSink);
}
