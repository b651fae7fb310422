namespace AlatauPay.Redis;

/// <summary><c>AlatauPay:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "AlatauPay:Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=…</c>); unset, nothing uses Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key, so several gateways can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "alataupay:";
}
