using System.Diagnostics.Metrics;

namespace AlatauPay.Bench;

/// <summary>
/// The HTTP handler of the benchmarks' load, which plays the integrator's machine. It runs in the gateway's
/// process, where the gateway's OpenTelemetry set-up observes every HttpClient; without this, each request
/// the load sends would also start a client span and record client metrics, and the measured CPU per request
/// would include the gateway instrumenting its own load generator. The propagator left out drops .NET's
/// diagnostics handler (no client activity, no traceparent of ours); the meter factory gives the handler's
/// instruments a meter name no listener subscribes to.
/// </summary>
internal static class IntegratorHandler
{
    public static SocketsHttpHandler Create(int connections) => new()
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ActivityHeadersPropagator = null,
        MeterFactory = new UnobservedMeters(),
    };

    private sealed class UnobservedMeters : IMeterFactory
    {
        private readonly List<Meter> created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions("AlatauPay.Bench.Integrator.Unobserved") { Version = options?.Version });
            lock (created)
            {
                created.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (created)
            {
                created.ForEach(meter => meter.Dispose());
                created.Clear();
            }
        }
    }
}
