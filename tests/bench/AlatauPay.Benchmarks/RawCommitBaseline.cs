using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Benchmarks;

/// <summary>
/// The ceiling the gateway is held to: single-row inserts, each committed in its own transaction, one
/// after another on one connection, into a WAL-mode SQLite file with the gateway's synchronous setting.
/// </summary>
public static class RawCommitBaseline
{
    // About the size of an invoice row, so the baseline writes comparable pages.
    private static readonly string Payload = new('x', 240);

    public static RateResult Measure(string databasePath, string synchronous, TimeSpan warmUp, TimeSpan phase, CancellationToken cancellationToken)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        Require(connection, "PRAGMA journal_mode = WAL", "wal");
        Execute(connection, $"PRAGMA synchronous = {synchronous}");
        Require(connection, "PRAGMA synchronous", synchronous == "FULL" ? "2" : "1");
        Execute(connection, "CREATE TABLE commits (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, payload TEXT NOT NULL) STRICT");

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO commits (created_at, payload) VALUES ($at, $payload)";
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        insert.Parameters.AddWithValue("$payload", Payload);
        insert.Prepare();

        InsertFor(connection, insert, at, warmUp, cancellationToken);
        var (commits, elapsed) = InsertFor(connection, insert, at, phase, cancellationToken);
        return new RateResult(commits, elapsed);
    }

    private static (long Commits, TimeSpan Elapsed) InsertFor(
        SqliteConnection connection, SqliteCommand insert, SqliteParameter at, TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long commits = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction(deferred: false);
            insert.Transaction = transaction;
            at.Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
            transaction.Commit();
            commits++;
        }

        return (commits, Stopwatch.GetElapsedTime(started));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Require(SqliteConnection connection, string sql, string expected)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var actual = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{sql}' gave '{actual}', not '{expected}': the baseline would not match the gateway's settings.");
        }
    }
}
