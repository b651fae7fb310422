using Dapper;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// One SQLite file. SQLite has a single writer, so writers queue on an in-process gate instead of
/// spinning on SQLITE_BUSY; the busy timeout still covers other processes (the CLI).
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string connectionString;
    private readonly string pragmas;

    public SqliteDatabase(string connectionString, string synchronous)
    {
        if (synchronous is not ("FULL" or "NORMAL" or "EXTRA"))
        {
            throw new InvalidOperationException($"AlatauPay:Storage:Synchronous is FULL, NORMAL or EXTRA, not '{synchronous}'.");
        }

        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        this.connectionString = builder.ToString();
        DataSource = builder.DataSource;
        pragmas = $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 10000;";
    }

    public string DataSource { get; }

    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(pragmas);
        return connection;
    }

    public void Dispose() => WriteGate.Dispose();
}
