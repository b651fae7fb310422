namespace AlatauPay.Testing;

/// <summary>
/// A clock the tests move by hand: <see cref="Advance"/> moves the wall clock and the monotonic timestamps alike.
/// Timers still run on real time, so pauses between polls stay real.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public override long GetTimestamp() => base.GetTimestamp() + (long)((Int128)Offset.Ticks * TimestampFrequency / TimeSpan.TicksPerSecond);

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    private TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
}
