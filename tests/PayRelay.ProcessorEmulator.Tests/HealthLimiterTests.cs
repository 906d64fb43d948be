using System.Net;
using System.Text.Json;
using PayRelay.ProcessorEmulator.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class HealthLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task GetHealth_FirstCall_Returns200WithFailingAndMinResponseTime()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        processor.State.Failing = true;
        processor.State.DelayMilliseconds = 1234;

        using var response = await processor.Http.GetAsync("payments/service-health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("failing").GetBoolean());
        Assert.Equal(1234, body.RootElement.GetProperty("minResponseTime").GetInt32());
    }

    [Fact]
    public async Task GetHealth_BusyWindow_QueuesTwoReleasedOnePerWindowAndRejectsTheRestWithRetryAfter()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        var clock = processor.Clock!;
        var state = processor.State;

        using var first = await Health(processor).WithinDeadline("the first health call");
        var second = Health(processor);
        await Eventually.HoldsAsync(() => state.HealthCallersWaiting == 1, "the second caller waits");
        var third = Health(processor);
        await Eventually.HoldsAsync(() => state.HealthCallersWaiting == 2, "the third caller waits");
        using var fourth = await Health(processor).WithinDeadline("the fourth health call");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal("5", fourth.Headers.GetValues("Retry-After").Single());
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        clock.Advance(Window);
        using var secondAnswer = await second.WithinDeadline("the second caller, one window later");
        Assert.Equal(HttpStatusCode.OK, secondAnswer.StatusCode);
        Assert.Equal(1, state.HealthCallersWaiting);
        Assert.False(third.IsCompleted);

        clock.Advance(Window);
        using var thirdAnswer = await third.WithinDeadline("the third caller, two windows later");
        Assert.Equal(HttpStatusCode.OK, thirdAnswer.StatusCode);
        Assert.Equal(0, state.HealthCallersWaiting);
    }

    [Fact]
    public async Task GetHealth_RejectedMidWindow_RetryAfterIsTheSecondsUntilTheWindowResets()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        var clock = processor.Clock!;
        using var first = await Health(processor);
        var queued = new[] { Health(processor), Health(processor) };
        await Eventually.HoldsAsync(() => processor.State.HealthCallersWaiting == 2, "two callers wait");

        clock.Advance(TimeSpan.FromMilliseconds(2500));
        using var rejected = await Health(processor).WithinDeadline("the rejected caller");

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("3", rejected.Headers.GetValues("Retry-After").Single());
        clock.Advance(TimeSpan.FromSeconds(10));
        foreach (var answer in await Task.WhenAll(queued).WithinDeadline("the queued callers"))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            answer.Dispose();
        }
    }

    [Fact]
    public async Task GetHealth_QueuedCallerDisconnects_FreesItsPlaceForTheNextCaller()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        var clock = processor.Clock!;
        var state = processor.State;
        using var first = await Health(processor);
        var staying = Health(processor);
        await Eventually.HoldsAsync(() => state.HealthCallersWaiting == 1, "one caller waits");
        using var leaving = new CancellationTokenSource();
        var gone = processor.Http.GetAsync("payments/service-health", leaving.Token);
        await Eventually.HoldsAsync(() => state.HealthCallersWaiting == 2, "two callers wait");

        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        await Eventually.HoldsAsync(() => state.HealthCallersWaiting == 1, "the departed caller's place is freed");
        var newcomer = Health(processor);
        await Eventually.HoldsAsync(() => state.HealthCallersWaiting == 2, "the newcomer is queued instead of rejected");

        clock.Advance(Window);
        using var stayingAnswer = await staying.WithinDeadline("the caller that stayed");
        clock.Advance(Window);
        using var newcomerAnswer = await newcomer.WithinDeadline("the newcomer");
        Assert.Equal(HttpStatusCode.OK, stayingAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newcomerAnswer.StatusCode);
    }

    [Fact]
    public async Task GetHealth_AfterAQuietWindow_IsGrantedAtOnce()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        using var first = await Health(processor);

        processor.Clock!.Advance(Window);
        using var next = await Health(processor).WithinDeadline("the call in the next window");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(0, processor.State.HealthCallersWaiting);
    }

    private static Task<HttpResponseMessage> Health(TestProcessor processor) => processor.Http.GetAsync("payments/service-health");
}
