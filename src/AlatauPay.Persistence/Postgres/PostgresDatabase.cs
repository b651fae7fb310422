using Npgsql;

namespace AlatauPay.Persistence.Postgres;

/// <summary>One PostgreSQL database, reached through a pooled data source shared by every scope.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new InvalidOperationException("AlatauPay:Storage:ConnectionString must name a PostgreSQL host for the postgres provider.");
        }

        Database = builder.Database ?? builder.Username ?? "postgres";
        Host = $"{builder.Host}:{builder.Port}";
        dataSource = NpgsqlDataSource.Create(builder);
    }

    public string Database { get; }

    public string Host { get; }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
