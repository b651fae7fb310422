using AlatauPay.Persistence.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>
/// SQLite's writers share one COMMIT (decision 0045): a unit of work waits at the gate behind the writers
/// before it, and one flush then commits every unit that finished. These tests line writers up at the gate
/// by hand, so which units share a batch is certain, not a matter of timing.
/// </summary>
public sealed class SqliteGroupCommitTests(SqliteStore store) : IClassFixture<SqliteStore>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private SqliteDatabase Database => store.Services.GetRequiredService<SqliteDatabase>();

    public async Task InitializeAsync()
    {
        await using var connection = await store.OpenRawAsync();
        await connection.ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS probe_notes (note TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS probe_parents (id INTEGER PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS probe_children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES probe_parents (id) DEFERRABLE INITIALLY DEFERRED);
            DELETE FROM probe_notes;
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task UnitsQueuedTogetherShareOneCommitAndAFailedOneRollsBackAlone()
    {
        var before = Database.Committed;
        await using var first = await WriterAsync();
        await WriteNoteAsync(first.Session, "first");

        // Two more writers queue at the gate while the first still holds it.
        await using var failing = new Writer(store.Services);
        await using var third = new Writer(store.Services);
        var failingTurn = failing.WaitForGateAsync();
        var thirdTurn = third.WaitForGateAsync();
        Assert.False(failingTurn.IsCompleted);

        // The first finishes: its work waits in the batch, and its flush queues behind the two.
        var firstCommitted = first.Session.CommitAsync(None);
        await failingTurn;
        await WriteNoteAsync(failing.Session, "rolled back");
        Assert.False(firstCommitted.IsCompleted, "The first unit was answered before its batch committed.");
        await failing.Session.RollbackAsync(None);

        await thirdTurn;
        await WriteNoteAsync(third.Session, "third");
        await third.Session.CommitAsync(None);
        await firstCommitted;

        Assert.Equal(["first", "third"], await NotesAsync());
        var after = Database.Committed;
        Assert.Equal((1, 2), (after.Batches - before.Batches, after.Units - before.Units));
    }

    [Fact]
    public async Task AFailedCommitFailsEveryUnitOfTheBatchAndKeepsNothingOfIt()
    {
        await using var first = await WriterAsync();
        await WriteNoteAsync(first.Session, "lost with its batch");

        // The second unit's row breaks a deferred foreign key: its statement succeeds, the batch's COMMIT does not.
        await using var second = new Writer(store.Services);
        var secondTurn = second.WaitForGateAsync();
        var firstCommitted = first.Session.CommitAsync(None);
        await secondTurn;
        await (await second.Session.ConnectionAsync(None)).ExecuteAsync(
            "INSERT INTO probe_children (id, parent) VALUES (1, 404)", transaction: second.Session.Transaction);
        var secondCommitted = second.Session.CommitAsync(None);

        var firstFailure = await Assert.ThrowsAnyAsync<SqliteException>(() => firstCommitted);
        var secondFailure = await Assert.ThrowsAnyAsync<SqliteException>(() => secondCommitted);
        Assert.Contains("FOREIGN KEY", firstFailure.Message, StringComparison.Ordinal);
        Assert.Same(firstFailure, secondFailure);
        Assert.Empty(await NotesAsync());

        // The writer starts afresh for the next unit.
        await using var next = await WriterAsync();
        await WriteNoteAsync(next.Session, "after");
        await next.Session.CommitAsync(None);
        Assert.Equal(["after"], await NotesAsync());
    }

    [Fact]
    public async Task AUnitRolledBackAloneInItsBatchLeavesNoWriteLockBehind()
    {
        await using (var alone = await WriterAsync())
        {
            await WriteNoteAsync(alone.Session, "never");
            await alone.Session.RollbackAsync(None);
        }

        // Another connection (the CLI, say) can take the file's write lock at once: the empty batch was ended.
        await using var other = new SqliteConnection($"Data Source={store.FilePath};Default Timeout=1");
        await other.OpenAsync();
        await other.ExecuteAsync("PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; INSERT INTO probe_notes (note) VALUES ('cli'); COMMIT;");
        Assert.Equal(["cli"], await NotesAsync());
        await other.ExecuteAsync("DELETE FROM probe_notes");
    }

    private async Task<Writer> WriterAsync()
    {
        var writer = new Writer(store.Services);
        await writer.WaitForGateAsync();
        return writer;
    }

    private static async Task WriteNoteAsync(SqliteSession session, string note) =>
        await (await session.ConnectionAsync(None)).ExecuteAsync(
            "INSERT INTO probe_notes (note) VALUES (@note)", new { note }, session.Transaction);

    private async Task<IReadOnlyList<string>> NotesAsync()
    {
        await using var connection = await store.OpenRawAsync();
        return [.. await connection.QueryAsync<string>("SELECT note FROM probe_notes ORDER BY note")];
    }

    /// <summary>A unit of work in a scope of its own, which writes once it has the gate.</summary>
    private sealed class Writer(IServiceProvider services) : IAsyncDisposable
    {
        private readonly AsyncServiceScope scope = services.CreateAsyncScope();

        public SqliteSession Session => scope.ServiceProvider.GetRequiredService<SqliteSession>();

        public async Task WaitForGateAsync()
        {
            await Session.BeginAsync(None);
            await Session.WriteTransactionAsync(None);
        }

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
