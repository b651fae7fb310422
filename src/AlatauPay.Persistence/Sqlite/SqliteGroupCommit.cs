using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// Group commit on SQLite's one writer. Every unit of work that writes runs on the same connection, inside
/// the transaction of the current batch, as a savepoint of its own: a unit that fails rolls back to its
/// savepoint and leaves the others' work standing. A unit that succeeds releases its savepoint and waits
/// for the batch's COMMIT, which a flush makes once every writer already queued at the gate has had its
/// turn. So one fsync makes a whole batch durable, the writer's page cache is never invalidated by another
/// connection's commit, and its prepared statements stay warm, while no unit is answered before its
/// work is durable: a failed COMMIT fails every unit of the batch.
/// </summary>
/// <remarks>
/// Every member runs while the caller holds the database's write gate (the flush takes it itself), which is
/// what makes the unsynchronised state below safe. Waiters at the gate are served in order, so the flush,
/// queued when the batch's first unit finished, runs after every unit that was already waiting.
/// </remarks>
internal sealed class SqliteGroupCommit(SqliteDatabase database)
{
    private const string Unit = "unit";
    private long batches;
    private long units;

    private SqliteConnection? writer;
    private SqliteTransaction? batch;
    private List<TaskCompletionSource> finished = [];
    private bool flushQueued;

    /// <summary>Batches committed so far, and the units of work they held: their ratio is how many writes share an fsync.</summary>
    public (long Batches, long Units) Committed => (Interlocked.Read(ref batches), Interlocked.Read(ref units));

    /// <summary>Opens the caller's savepoint in the current batch, beginning the batch if none is open. Under the gate.</summary>
    public async ValueTask<SqliteTransaction> BeginUnitAsync(CancellationToken cancellationToken)
    {
        writer ??= await database.OpenAsync(cancellationToken);
        if (batch is null)
        {
            batch = writer.BeginTransaction(deferred: false);
        }

        try
        {
            batch.Save(Unit);
        }
        catch (Exception failure)
        {
            Abandon(failure);
            throw;
        }

        return batch;
    }

    /// <summary>
    /// Keeps the unit's work in the batch and queues the batch's flush. Under the gate; the returned task
    /// completes, after the gate is released, once the batch is durable, or fails with the COMMIT's failure.
    /// </summary>
    public Task FinishUnit()
    {
        var current = batch ?? throw new InvalidOperationException("No unit of work is open in the batch.");
        try
        {
            current.Release(Unit);
        }
        catch (Exception failure)
        {
            Abandon(failure);
            throw;
        }

        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        finished.Add(durable);
        if (!flushQueued)
        {
            flushQueued = true;
            _ = FlushAsync();
        }

        return durable.Task;
    }

    /// <summary>Undoes the unit's work and nothing else. Under the gate.</summary>
    public void RollbackUnit()
    {
        var current = batch ?? throw new InvalidOperationException("No unit of work is open in the batch.");
        try
        {
            if (finished.Count == 0)
            {
                // Nothing of anyone else's waits in the batch: end it, so the file's write lock is not held idle.
                batch = null;
                using (current)
                {
                    current.Rollback();
                }

                return;
            }

            current.Rollback(Unit);
            current.Release(Unit);
        }
        catch (Exception failure)
        {
            // SQLite rolls a whole transaction back on some errors (a full disk, an I/O error); then the savepoint is
            // gone, and so is the finished work waiting in the batch, which must hear that it was not committed.
            Abandon(failure);
            throw;
        }
    }

    /// <summary>Commits what is left in the batch, at shutdown, when no unit will come. Under the gate.</summary>
    public void Close()
    {
        Commit();
        CloseWriter();
    }

    private async Task FlushAsync()
    {
        await database.WriteGate.WaitAsync().ConfigureAwait(false);
        try
        {
            Commit();
        }
        finally
        {
            database.WriteGate.Release();
        }
    }

    private void Commit()
    {
        var current = batch;
        var waiting = finished;
        batch = null;
        finished = [];
        flushQueued = false;
        if (current is null)
        {
            Complete(waiting, null);
            return;
        }

        Exception? failure = null;
        try
        {
            current.Commit();
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref units, waiting.Count);
        }
        catch (Exception e)
        {
            failure = e;
            CloseWriter();
        }
        finally
        {
            current.Dispose();
        }

        Complete(waiting, failure);
    }

    private void Abandon(Exception failure)
    {
        var current = batch;
        var waiting = finished;
        batch = null;
        finished = [];
        try
        {
            current?.Dispose();
        }
        catch (SqliteException)
        {
            // The transaction is gone already; the connection is closed below either way.
        }

        CloseWriter();
        Complete(waiting, new InvalidOperationException("The write batch was rolled back before it committed.", failure));
    }

    private void CloseWriter()
    {
        if (writer is not null)
        {
            SqliteDatabase.Discard(writer);
            writer = null;
        }
    }

    private static void Complete(List<TaskCompletionSource> waiting, Exception? failure)
    {
        foreach (var durable in waiting)
        {
            if (failure is null)
            {
                durable.TrySetResult();
            }
            else
            {
                durable.TrySetException(failure);
            }
        }
    }
}
