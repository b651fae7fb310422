namespace AlatauPay.Persistence;

/// <summary><c>AlatauPay:Storage</c>: which engine holds the data, and where.</summary>
public sealed class StorageOptions
{
    public const string Section = "AlatauPay:Storage";

    /// <summary><c>sqlite</c> (the embedded default) or <c>postgres</c> (also spelled <c>postgresql</c>).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite, defaults to a file under <c>./data</c>; for PostgreSQL, an Npgsql connection string (required).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite's <c>synchronous</c> pragma: <c>FULL</c> (default) makes every commit durable on power loss.</summary>
    public string Synchronous { get; set; } = "FULL";
}
