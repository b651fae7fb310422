using Npgsql;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>
/// The ceiling the gateway is held to: single-row inserts, each committed in its own transaction, one after another
/// on one connection, into a table of the same server the gateway writes to (fsync on, as the gateway's is).
/// </summary>
public static class RawInserts
{
    // About the size of an invoice row, so the baseline writes comparable pages.
    private static readonly string Payload = new('x', 240);

    public static async Task<Rate> MeasureAsync(string connectionString, TimeSpan warmUp, TimeSpan phase, CpuMeter meter, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at timestamptz NOT NULL, payload text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand("INSERT INTO commits (created_at, payload) VALUES (now(), @payload)", connection);
        insert.Parameters.AddWithValue("payload", Payload);
        await insert.PrepareAsync(cancellationToken);
        async Task<bool> CommitOneAsync(int worker)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        await ClosedLoop.RunAsync(1, warmUp, CommitOneAsync, cancellationToken);
        return await ClosedLoop.RunAsync(1, phase, CommitOneAsync, cancellationToken, meter);
    }
}
