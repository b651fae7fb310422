namespace AlatauPay.Benchmarks;

/// <summary>Operations completed in a measured window.</summary>
public sealed record RateResult(long Operations, TimeSpan Elapsed)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}
