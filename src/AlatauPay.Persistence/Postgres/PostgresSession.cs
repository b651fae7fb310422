using System.Data.Common;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Sql;
using Dapper;
using Npgsql;

namespace AlatauPay.Persistence.Postgres;

/// <summary>
/// The request's connection and unit of work on PostgreSQL. The transaction (READ COMMITTED) opens at the
/// first write; decisions made from earlier reads are protected by version checks, unique keys and row
/// locks taken by the writes themselves. A serialization failure or deadlock is transient: the caller
/// that owns the unit of work runs the whole request again in a fresh transaction.
///
/// A scope writing under a lease (<see cref="WriterFence"/>) has every transaction check the lease's token
/// first. Leases kept in this database are checked under a share lock on the lease row, which keeps a
/// takeover waiting until the write commits; leases kept elsewhere (Redis) raise a high-water mark of
/// tokens, so a write with a token below one that has written is refused.
/// </summary>
public sealed class PostgresSession(PostgresDatabase database, WriterFence? fence = null, ILeaseStore? leases = null) : IUnitOfWork, IAsyncDisposable, IStoreSession
{
    /// <summary>
    /// Taken before a row is added to a table that a cursor reads by sequence (deposit targets, the outbox,
    /// the ledger and its log) and held to commit, so those rows commit in sequence order and no cursor
    /// steps past a row that commits late. Always taken before the transparency log's row.
    /// </summary>
    private const long OrderedStreamsLock = 0x616C_6174_6175_02;

    private NpgsqlConnection? connection;
    private HashSet<string>? locksHeld;
    private List<Action>? afterCommit;

    public NpgsqlTransaction? Transaction { get; private set; }

    public bool InTransaction { get; private set; }

    public async ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        connection ??= await database.OpenAsync(cancellationToken);

    /// <summary>The unit of work's transaction, begun now if this is its first write.</summary>
    public async ValueTask<NpgsqlTransaction> WriteTransactionAsync(CancellationToken cancellationToken)
    {
        if (Transaction is not null)
        {
            return Transaction;
        }

        if (!InTransaction)
        {
            throw new InvalidOperationException("Writes to the store run inside a unit of work.");
        }

        var open = await ConnectionAsync(cancellationToken);
        Transaction = await open.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        if (fence?.Lease is { } lease)
        {
            await (leases is PostgresLeaseStore ? CheckLeaseAsync(open, Transaction, lease) : RaiseFenceAsync(open, Transaction, lease));
        }

        return Transaction;
    }

    private static async Task RaiseFenceAsync(NpgsqlConnection open, NpgsqlTransaction transaction, Lease lease)
    {
        var raised = await open.ExecuteScalarAsync<long?>(
            """
            INSERT INTO lease_fences (name, token) VALUES (@Name, @Token)
            ON CONFLICT (name) DO UPDATE SET token = excluded.token WHERE lease_fences.token <= excluded.token
            RETURNING token
            """,
            new { lease.Name, lease.Token },
            transaction);
        if (raised is null)
        {
            throw new LeaseLostException($"Lease {lease.Name} token {lease.Token} is no longer current (a newer token has written); the write is refused.");
        }
    }

    private static async Task CheckLeaseAsync(NpgsqlConnection open, NpgsqlTransaction transaction, Lease lease)
    {
        var current = await open.ExecuteScalarAsync<long?>(
            "SELECT token FROM leases WHERE name = @Name AND holder = @Holder FOR SHARE", new { lease.Name, lease.Holder }, transaction);
        if (current != lease.Token)
        {
            throw new LeaseLostException(
                $"Lease {lease.Name} token {lease.Token} is no longer current ({(current is null ? "released or taken" : $"now {current}")}); the write is refused.");
        }
    }

    /// <summary>The write transaction, holding the ordered-streams lock (see <see cref="OrderedStreamsLock"/>).</summary>
    public async ValueTask<NpgsqlTransaction> OrderedWriteTransactionAsync(CancellationToken cancellationToken)
    {
        var transaction = await WriteTransactionAsync(cancellationToken);
        if (FirstLockOf("ordered-streams"))
        {
            await transaction.Connection!.ExecuteAsync("SELECT pg_advisory_xact_lock(@OrderedStreamsLock)", new { OrderedStreamsLock }, transaction);
        }

        return transaction;
    }

    /// <summary>True the first time the current transaction asks for the lock named <paramref name="name"/>; locks last until it ends.</summary>
    public bool FirstLockOf(string name) => (locksHeld ??= []).Add(name);

    DbTransaction? IStoreSession.Transaction => Transaction;

    async ValueTask<DbConnection> IStoreSession.ConnectionAsync(CancellationToken cancellationToken) => await ConnectionAsync(cancellationToken);

    async ValueTask<DbTransaction> IStoreSession.WriteTransactionAsync(CancellationToken cancellationToken) =>
        await WriteTransactionAsync(cancellationToken);

    /// <summary>Runs <paramref name="action"/> once the unit of work has committed; never if it rolls back.</summary>
    public void AfterCommit(Action action) => (afterCommit ??= []).Add(action);

    public bool IsTransient(Exception failure) => PostgresFailures.IsTransient(failure);

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        if (InTransaction)
        {
            throw new InvalidOperationException("A unit of work is already open in this scope.");
        }

        InTransaction = true;
        return Task.CompletedTask;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var committed = afterCommit;
        try
        {
            if (Transaction is not null)
            {
                // Not cancellable, as on SQLite: a COMMIT given up half-way may still commit on the server after the
                // caller was told it failed (a watcher that lost its lease would log that its poll stopped, and its
                // last block would land after that). The connection's command timeout still bounds it.
                await Transaction.CommitAsync(CancellationToken.None);
            }
        }
        finally
        {
            await EndAsync();
        }

        foreach (var action in committed ?? [])
        {
            action();
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Transaction is not null)
            {
                await Transaction.RollbackAsync(cancellationToken);
            }
        }
        catch (NpgsqlException) when (connection is { State: not System.Data.ConnectionState.Open })
        {
            // The connection broke (the server restarted): there is nothing left to roll back.
        }
        finally
        {
            await EndAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync(CancellationToken.None);
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    private async Task EndAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }

        InTransaction = false;
        locksHeld = null;
        afterCommit = null;
    }
}
