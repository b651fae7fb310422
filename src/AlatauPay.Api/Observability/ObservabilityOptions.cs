namespace AlatauPay.Api.Observability;

/// <summary><c>AlatauPay:Metrics</c>: the Prometheus endpoint and the gauges behind it.</summary>
public sealed class MetricsOptions
{
    public const string Section = "AlatauPay:Metrics";

    /// <summary>Serve <c>/metrics</c> at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// When set, <c>/metrics</c> answers only on connections that arrived on this local port (add the port to the
    /// listening URLs too), so the public port never serves it; unset, every port serves it.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>How often invoices are counted per status for the invoices-by-state gauge.</summary>
    public TimeSpan CensusInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>AlatauPay:Logging</c>: how log lines are written to the console.</summary>
public sealed class LogFormatOptions
{
    public const string Section = "AlatauPay:Logging";

    /// <summary><c>json</c> (one object per line, with trace and span ids) or <c>text</c>; unset, JSON in Production.</summary>
    public string? Format { get; set; }
}
