using Microsoft.Extensions.Logging.Abstractions;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Http;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

public class HealthBoardTests
{
    private const long SafeMs = 1200;
    private readonly ManualTimeProvider _clock = new();

    private (HealthBoard Board, Dispatcher Dispatcher) Build()
    {
        var options = new ServerOptions { DefaultProcessorUrl = new Uri("http://127.0.0.1:9"), FallbackProcessorUrl = new Uri("http://127.0.0.1:9") };
        var counters = new DispatchCounters();
        var intake = new PaymentIntake(16);
        var dispatcher = new Dispatcher(
            intake,
            new EmbeddedStore(new PaymentLedger(), intake, _clock),
            [new ProcessorMonitor(ProcessorKind.Default, _clock, 8, options.ProbeInterval), new ProcessorMonitor(ProcessorKind.Fallback, _clock, 8, options.ProbeInterval)],
            [new ProcessorClient(options.DefaultProcessorUrl, 8, options.ProcessorTimeout), new ProcessorClient(options.FallbackProcessorUrl, 8, options.ProcessorTimeout)],
            new RoutingPolicy(options),
            counters,
            _clock,
            NullLogger<Dispatcher>.Instance);
        return (new HealthBoard(dispatcher, _clock, options), dispatcher);
    }

    [Fact]
    public void Apply_PollNewerThanTheLastSuccess_SaysFailingOnAnyClockFrequency()
    {
        var (board, dispatcher) = Build();
        var monitor = dispatcher.Monitor(ProcessorKind.Default);
        monitor.Succeeded(monitor.Start(false));
        _clock.Advance(TimeSpan.FromSeconds(2));

        // Polled one second ago: after the success, so it speaks for the processor now.
        board.Apply(ProcessorKind.Default, new HealthShare("default", true, 0, _clock.GetUtcNow().AddSeconds(-1), "api1"), fromPrimary: true);

        Assert.Equal(ProcessorState.Failing, monitor.View().State(SafeMs));
    }

    [Fact]
    public void Apply_PollOlderThanTheLastSuccess_IsOverruledByTheCall()
    {
        var (board, dispatcher) = Build();
        var monitor = dispatcher.Monitor(ProcessorKind.Default);
        _clock.Advance(TimeSpan.FromSeconds(2));
        monitor.Succeeded(monitor.Start(false));

        board.Apply(ProcessorKind.Default, new HealthShare("default", true, 0, _clock.GetUtcNow().AddSeconds(-1), "api2"), fromPrimary: false);

        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));
        Assert.Equal("api2", board.Latest(ProcessorKind.Default)?.Source);
        Assert.Equal(0, board.PrimaryHeardAt);
    }
}
