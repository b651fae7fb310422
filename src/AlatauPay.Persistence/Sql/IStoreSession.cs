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

    /// <summary>Runs <paramref name="action"/> once the unit of work has committed; never if it rolls back.</summary>
    void AfterCommit(Action action);
}
