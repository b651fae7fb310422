using System.Data.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// The request's connections and unit of work. The write transaction opens lazily, at the first write:
/// reads before it run on a pooled connection outside the single-writer gate (WAL lets them beside the
/// writer), so the gate is held only for the writes. Whatever a handler decided from those reads is
/// protected at write time by version checks and unique keys, never by holding the lock while it thinks.
/// The writes run as a savepoint of the writer's current batch (<see cref="SqliteGroupCommit"/>), and every
/// read after the first write runs there too, so it sees them; a commit returns once the batch is durable.
/// </summary>
public sealed class SqliteSession(SqliteDatabase database) : IUnitOfWork, IAsyncDisposable, IStoreSession
{
    private SqliteConnection? reader;
    private bool holdsGate;
    private List<Action>? afterCommit;

    /// <summary>The writer's batch transaction while this unit of work writes in it; null before its first write.</summary>
    public SqliteTransaction? Transaction { get; private set; }

    public bool InTransaction { get; private set; }

    /// <summary>The writer's connection once this unit of work has written, a pooled connection before.</summary>
    public async ValueTask<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        Transaction?.Connection ?? (reader ??= await database.RentAsync(cancellationToken));

    /// <summary>The write transaction, opened now if this is the unit of work's first write; its connection is the writer's.</summary>
    public async ValueTask<SqliteTransaction> WriteTransactionAsync(CancellationToken cancellationToken)
    {
        if (Transaction is not null)
        {
            return Transaction;
        }

        if (!InTransaction)
        {
            throw new InvalidOperationException("Writes to the store run inside a unit of work.");
        }

        await database.WriteGate.WaitAsync(cancellationToken);
        holdsGate = true;
        try
        {
            Transaction = await database.Writes.BeginUnitAsync(cancellationToken);
            return Transaction;
        }
        catch
        {
            ReleaseGate();
            throw;
        }
    }

    DbTransaction? IStoreSession.Transaction => Transaction;

    async ValueTask<DbConnection> IStoreSession.ConnectionAsync(CancellationToken cancellationToken) => await ConnectionAsync(cancellationToken);

    async ValueTask<DbTransaction> IStoreSession.WriteTransactionAsync(CancellationToken cancellationToken) =>
        await WriteTransactionAsync(cancellationToken);

    /// <summary>Runs <paramref name="action"/> once the unit of work has committed; never if it rolls back.</summary>
    public void AfterCommit(Action action) => (afterCommit ??= []).Add(action);

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
        Task durable;
        try
        {
            durable = Transaction is not null ? database.Writes.FinishUnit() : Task.CompletedTask;
        }
        finally
        {
            End();
        }

        // Not cancellable: the batch commits whether or not this request still listens, and it must not be
        // told otherwise.
        await durable;
        foreach (var action in committed ?? [])
        {
            action();
        }
    }

    public Task RollbackAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Transaction is not null)
            {
                database.Writes.RollbackUnit();
            }
        }
        finally
        {
            End();
        }

        return Task.CompletedTask;
    }

    /// <summary>Rolls back whatever was left open and gives the reading connection back to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        var open = reader;
        reader = null;
        try
        {
            await RollbackAsync(CancellationToken.None);
        }
        finally
        {
            if (open is not null)
            {
                database.Return(open);
            }
        }
    }

    private void End()
    {
        Transaction = null;
        InTransaction = false;
        afterCommit = null;
        ReleaseGate();
    }

    private void ReleaseGate()
    {
        if (holdsGate)
        {
            holdsGate = false;
            database.WriteGate.Release();
        }
    }
}
