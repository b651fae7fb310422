using System.Collections.Concurrent;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// One SQLite file. SQLite has a single writer, so writers queue on an in-process gate instead of
/// spinning on SQLITE_BUSY, and write on one connection, whose batches commit together
/// (<see cref="SqliteGroupCommit"/>); the busy timeout still covers other processes (the CLI).
/// Sessions read on open connections rented from a small pool of its own and given back: a connection stays
/// open with its settings applied and its prepared statements (<see cref="SqlitePrepared"/>) kept, which
/// Microsoft.Data.Sqlite's own pool would discard on every close.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>Enough for every request the two cores can run at once, with room for bursts; extra connections close on return.</summary>
    private const int MaxIdleConnections = 32;

    private readonly string connectionString;
    private readonly string pragmas;
    // Last in, first out: the connections used most recently have the warmest page caches and prepared statements.
    private readonly ConcurrentStack<SqliteConnection> idle = new();
    private bool disposed;

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
        // temp_store = MEMORY keeps the sub-journal of each unit's savepoint (decision 45) in memory: it holds only the
        // pages a rollback to the savepoint would restore, and is worthless after a crash, so a file buys nothing.
        pragmas = $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY;";
        Writes = new SqliteGroupCommit(this);
    }

    public string DataSource { get; }

    /// <summary>Held by the one unit of work writing, and by a batch's flush; waiters are served in order.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    internal SqliteGroupCommit Writes { get; }

    /// <summary>Write batches committed since start, and the units of work they held.</summary>
    public (long Batches, long Units) Committed => Writes.Committed;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(pragmas);
        return connection;
    }

    /// <summary>An open connection with the settings applied; give it back with <see cref="Return"/> when no transaction is open on it.</summary>
    public async ValueTask<SqliteConnection> RentAsync(CancellationToken cancellationToken) =>
        idle.TryPop(out var connection) ? connection : await OpenAsync(cancellationToken);

    /// <summary>Keeps the connection for the next session, or closes it when the pool is full (give or take a racing return) or gone.</summary>
    public void Return(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Volatile.Read(ref disposed) || connection.State != System.Data.ConnectionState.Open || idle.Count >= MaxIdleConnections)
        {
            Discard(connection);
            return;
        }

        idle.Push(connection);
    }

    /// <summary>Closes a connection for good, with the statements prepared on it.</summary>
    public static void Discard(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        SqlitePrepared.Forget(connection);
        connection.Dispose();
    }

    /// <summary>
    /// Commits a batch still waiting for its flush and closes every connection. The gate itself is left
    /// undisposed: a flush queued before may still come for it, and finds nothing left to commit.
    /// </summary>
    public void Dispose()
    {
        Volatile.Write(ref disposed, true);
        if (WriteGate.Wait(ShutdownWait))
        {
            try
            {
                Writes.Close();
            }
            finally
            {
                WriteGate.Release();
            }
        }

        while (idle.TryPop(out var connection))
        {
            Discard(connection);
        }
    }

    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(10);
}
