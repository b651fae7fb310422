namespace AlatauPay.Testing;

/// <summary>A clock the tests move by hand; timers still run on real time, so pauses between polls stay real.</summary>
public sealed class ManualClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
