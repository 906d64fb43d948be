using System.Net;
using PayRelay.Testing;

namespace PayRelay.Deploy.Tests.Live;

/// <summary>
/// What both balancers must do when an instance stops taking payments: a payment it answers 503
/// (a draining server's answer to a payment it did not enqueue) or whose socket is gone is taken
/// by the other instance, and the client sees a 2xx. Each test puts api1 back before it ends.
/// </summary>
public abstract class FailoverTests<TStack>(TStack stack)
    where TStack : BalancerStack
{
    [SkippableFact]
    public async Task Post_InstanceAnswers503_PaymentTakenByOtherInstance()
    {
        var id = await IdRoutedToAsync("api1");
        stack.Api1.PaymentStatus = 503;
        try
        {
            var (status, instance) = await stack.PostAsync(BalancerStack.Payment(id));

            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("api2", instance);
            Assert.Contains(BalancerStack.Payment(id), stack.Api1.PaymentBodies);
            Assert.Contains(BalancerStack.Payment(id), stack.Api2.PaymentBodies);
        }
        finally
        {
            stack.Api1.PaymentStatus = 202;
            await RoutedBackAsync(id);
        }
    }

    [SkippableFact]
    public async Task Post_InstanceSocketGone_PaymentTakenByOtherInstance()
    {
        var id = await IdRoutedToAsync("api1");
        await stack.Api1.StopAsync();
        try
        {
            var (status, instance) = await stack.PostAsync(BalancerStack.Payment(id));

            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("api2", instance);
        }
        finally
        {
            await stack.Api1.StartAsync();
            await RoutedBackAsync(id);
        }
    }

    /// <summary>An id the balancer sends to the named instance while both are healthy.</summary>
    protected async Task<Guid> IdRoutedToAsync(string name)
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var id = new Guid(seed, 0, 0, new byte[8]);
            if (await stack.InstanceForAsync(id) == name)
            {
                return id;
            }
        }

        throw new InvalidOperationException($"no id of 100 reached {name}");
    }

    protected Task RoutedBackAsync(Guid id) =>
        Eventually.HoldsAsync(async () => await stack.InstanceForAsync(id) == "api1", $"{id} returns to api1");
}

public sealed class HaproxyFailoverTests(HaproxyStack stack) : FailoverTests<HaproxyStack>(stack), IClassFixture<HaproxyStack>
{
    private readonly HaproxyStack _stack = stack;

    /// <summary>
    /// A draining server answers 503 from /healthz: HAProxy takes it out of rotation (every payment
    /// goes to the other instance) and brings it back once /healthz answers 200 again.
    /// </summary>
    [SkippableFact]
    public async Task Healthz503_InstanceLeavesRotationThenReturns()
    {
        var id = await IdRoutedToAsync("api1");
        var checksBefore = _stack.Api1.HealthChecks;
        _stack.Api1.HealthStatus = 503;
        try
        {
            await Eventually.HoldsAsync(async () => await _stack.InstanceForAsync(id) == "api2", "api1 leaves rotation while /healthz answers 503");
            Assert.True(_stack.Api1.HealthChecks > checksBefore, "HAProxy never called /healthz");

            var paymentsBefore = _stack.Api1.PaymentBodies.Count();
            for (var n = 0; n < 20; n++)
            {
                Assert.Equal((HttpStatusCode.Accepted, "api2"), await _stack.PostAsync(BalancerStack.Payment(Guid.NewGuid())));
            }

            Assert.Equal(paymentsBefore, _stack.Api1.PaymentBodies.Count());
        }
        finally
        {
            _stack.Api1.HealthStatus = 200;
            await RoutedBackAsync(id);
        }
    }
}

public sealed class NginxFailoverTests(NginxStack stack) : FailoverTests<NginxStack>(stack), IClassFixture<NginxStack>;
