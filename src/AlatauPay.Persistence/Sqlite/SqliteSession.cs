using AlatauPay.Application.Ports;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// The request's connection and, while a command runs, its write transaction (<c>BEGIN IMMEDIATE</c>,
/// taken after the in-process write gate). Repositories of the same scope read and write through it.
/// </summary>
public sealed class SqliteSession(SqliteDatabase database) : IUnitOfWork, IAsyncDisposable
{
    private SqliteConnection? connection;
    private bool holdsGate;
    private List<Action>? afterCommit;

    public SqliteTransaction? Transaction { get; private set; }

    public bool InTransaction => Transaction is not null;

    public async ValueTask<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        connection ??= await database.OpenAsync(cancellationToken);

    /// <summary>The open write transaction; a write outside one is a bug, not a request to autocommit.</summary>
    public SqliteTransaction WriteTransaction =>
        Transaction ?? throw new InvalidOperationException("Writes to the store run inside a unit of work.");

    /// <summary>Runs <paramref name="action"/> once the open transaction has committed; never if it rolls back.</summary>
    public void AfterCommit(Action action) => (afterCommit ??= []).Add(action);

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (Transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open in this scope.");
        }

        await database.WriteGate.WaitAsync(cancellationToken);
        holdsGate = true;
        try
        {
            var open = await ConnectionAsync(cancellationToken);
            Transaction = open.BeginTransaction(deferred: false);
        }
        catch
        {
            ReleaseGate();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var committed = afterCommit;
        try
        {
            await WriteTransaction.CommitAsync(cancellationToken);
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
        afterCommit = null;
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }

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
