using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// Prepared statements kept per open connection. Microsoft.Data.Sqlite prepares a command's SQL again for
/// every new command object; the hot write paths (a posting, its leaf) reuse one command per statement text
/// for as long as the pooled connection lives (<see cref="SqliteDatabase.RentAsync"/>), so SQLite parses and
/// plans each statement once. A connection is used by one session at a time, so its cache needs no lock.
/// </summary>
internal static class SqlitePrepared
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Commands = [];

    /// <summary>The command for <paramref name="sql"/> on this connection, in <paramref name="transaction"/>, with its parameters cleared.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var commands = Commands.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public static void Forget(SqliteConnection connection)
    {
        if (Commands.TryGetValue(connection, out var commands))
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            Commands.Remove(connection);
        }
    }
}
