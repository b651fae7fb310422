using System.Data.Common;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// What a store written once for both SQLite and PostgreSQL needs of the request's session: its connection,
/// the transaction reads join, and the write transaction opened at the first write. How each session opens
/// and guards that transaction (SQLite's single-writer gate, PostgreSQL's lease fence) stays its own.
/// </summary>
internal interface IStoreSession
{
    DbTransaction? Transaction { get; }

    ValueTask<DbConnection> ConnectionAsync(CancellationToken cancellationToken);

    ValueTask<DbTransaction> WriteTransactionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The write transaction, opened now if this is the first write, with the connection it runs on. Writes use
    /// that connection, never one taken before: SQLite reads on a pooled connection and writes on its writer's.
    /// </summary>
    async ValueTask<(DbConnection Connection, DbTransaction Transaction)> WriteAsync(CancellationToken cancellationToken)
    {
        var transaction = await WriteTransactionAsync(cancellationToken);
        return (transaction.Connection ?? throw new InvalidOperationException("The write transaction has ended."), transaction);
    }

    /// <summary>Runs <paramref name="action"/> once the unit of work has committed; never if it rolls back.</summary>
    void AfterCommit(Action action);
}
