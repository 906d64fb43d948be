namespace PayRelay.ProcessorEmulator.Wire;

/// <summary><c>GET /payments/{id}</c>: requestedAt is ISO-8601 UTC with milliseconds.</summary>
internal sealed record PaymentView(Guid CorrelationId, decimal Amount, string RequestedAt);

/// <summary><c>GET /payments/service-health</c>.</summary>
internal sealed record HealthView(bool Failing, int MinResponseTime);

/// <summary><c>GET /admin/payments-summary</c>.</summary>
internal sealed record SummaryView(long TotalRequests, decimal TotalAmount, decimal TotalFee, decimal FeePerTransaction);

/// <summary>Answer of the delay and failure switches: which switch, its old and its new value.</summary>
internal sealed record ConfigChange<T>(string Config, T Was, T Is);

/// <summary>A <c>{"message": ...}</c> answer.</summary>
internal sealed record MessageView(string Message);

/// <summary>Body of <c>PUT /admin/configurations/delay</c>.</summary>
internal sealed record DelayRequest(int? Delay);

/// <summary>Body of <c>PUT /admin/configurations/failure</c>.</summary>
internal sealed record FailureRequest(bool? Failure);

/// <summary>Body of <c>PUT /admin/configurations/token</c>.</summary>
internal sealed record TokenRequest(string? Token);
