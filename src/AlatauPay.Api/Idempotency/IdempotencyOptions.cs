namespace AlatauPay.Api.Idempotency;

/// <summary><c>AlatauPay:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "AlatauPay:Idempotency";

    /// <summary>How long a completed request's response is replayed; at least a day, as merchants retry across nights.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a mark of a running request outlives a gateway that died holding it (Redis only).</summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether every POST must carry the header. Only the benchmark turns this off, to measure a POST without
    /// a key against the same POST with one.
    /// </summary>
    public bool RequireKey { get; set; } = true;
}
