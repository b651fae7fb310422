using System.Data.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// The request's connection and unit of work. The write transaction opens lazily, at the first write:
/// reads before it run outside the single-writer gate (WAL lets them beside the writer), so the gate is
/// held only for the writes and the commit. Whatever a handler decided from those reads is protected at
/// write time by version checks and unique keys, never by holding the lock while it thinks.
/// </summary>
public sealed class SqliteSession(SqliteDatabase database) : IUnitOfWork, IAsyncDisposable, IStoreSession
{
    private SqliteConnection? connection;
    private bool holdsGate;
    private List<Action>? afterCommit;

    public SqliteTransaction? Transaction { get; private set; }

    public bool InTransaction { get; private set; }

    public async ValueTask<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        connection ??= await database.RentAsync(cancellationToken);

    /// <summary>The write transaction, opened now if this is the unit of work's first write.</summary>
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

        var open = await ConnectionAsync(cancellationToken);
        await database.WriteGate.WaitAsync(cancellationToken);
        holdsGate = true;
        try
        {
            Transaction = open.BeginTransaction(deferred: false);
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
        try
        {
            if (Transaction is not null)
            {
                await Transaction.CommitAsync(cancellationToken);
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
        finally
        {
            await EndAsync();
        }
    }

    /// <summary>Rolls back whatever was left open and gives the connection back to the pool, or closes it if that failed.</summary>
    public async ValueTask DisposeAsync()
    {
        var open = connection;
        connection = null;
        try
        {
            await RollbackAsync(CancellationToken.None);
        }
        catch
        {
            if (open is not null)
            {
                SqliteDatabase.Discard(open);
            }

            throw;
        }

        if (open is not null)
        {
            database.Return(open);
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
