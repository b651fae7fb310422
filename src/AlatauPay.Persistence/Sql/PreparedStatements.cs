using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using AlatauPay.Persistence.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// The hot writes of invoice creation, run as statements prepared once per connection on SQLite. Dapper, like
/// Microsoft.Data.Sqlite, prepares a statement afresh for every command, and on SQLite's one writer connection
/// (decision 45) the same few statements run for every invoice: parsing and planning them again was a tenth
/// of the invoice path's CPU. Parameters are the public properties of an object, as Dapper takes them (each
/// becomes <c>@name</c>, a null becomes SQL NULL). PostgreSQL goes through Dapper unchanged: Npgsql keeps its
/// own statements prepared.
/// </summary>
internal static class PreparedStatements
{
    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> ParameterLists = new();

    /// <summary>Runs <paramref name="sql"/> once with <paramref name="parameters"/>; returns the rows it changed.</summary>
    public static async Task<int> ExecutePreparedAsync(
        this DbConnection connection, string sql, object parameters, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        }

        return await Bind(sqlite, transaction, sql, parameters).ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/> once for each parameter object, in order; returns the rows they changed.</summary>
    public static async Task<int> ExecutePreparedAsync<T>(
        this DbConnection connection, string sql, IEnumerable<T> rows, DbTransaction transaction, CancellationToken cancellationToken)
        where T : notnull
    {
        if (connection is not SqliteConnection sqlite)
        {
            return await connection.ExecuteAsync(new CommandDefinition(sql, rows, transaction, cancellationToken: cancellationToken));
        }

        var changed = 0;
        foreach (var row in rows)
        {
            changed += await Bind(sqlite, transaction, sql, row).ExecuteNonQueryAsync(cancellationToken);
        }

        return changed;
    }

    /// <summary>The first column of the first row <paramref name="sql"/> returns, or the default when it returns none.</summary>
    public static async Task<T?> ExecutePreparedScalarAsync<T>(
        this DbConnection connection, string sql, object parameters, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        }

        var value = await Bind(sqlite, transaction, sql, parameters).ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), null);
    }

    /// <summary>The rows <paramref name="sql"/> returns, mapped as Dapper maps them.</summary>
    public static async Task<IReadOnlyList<T>> QueryPreparedAsync<T>(
        this DbConnection connection, string sql, object parameters, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return [.. await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))];
        }

        await using var reader = await Bind(sqlite, transaction, sql, parameters).ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        var parse = reader.GetRowParser<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(parse(reader));
        }

        return rows;
    }

    /// <summary>The one row <paramref name="sql"/> returns, mapped as Dapper maps it, or the default when it returns none.</summary>
    public static async Task<T?> QueryPreparedSingleOrDefaultAsync<T>(
        this DbConnection connection, string sql, object parameters, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryPreparedAsync<T>(sql, parameters, transaction, cancellationToken);
        return rows.Count switch
        {
            0 => default,
            1 => rows[0],
            _ => throw new InvalidOperationException("The query returned more than one row."),
        };
    }

    private static SqliteCommand Bind(SqliteConnection connection, DbTransaction? transaction, string sql, object parameters)
    {
        if (parameters is IEnumerable and not string and not byte[])
        {
            throw new ArgumentException("One row's parameters are an object, not a sequence.", nameof(parameters));
        }

        var command = SqlitePrepared.Command(connection, (SqliteTransaction?)transaction, sql);
        foreach (var (name, property) in ParameterLists.GetOrAdd(parameters.GetType(), ListOf))
        {
            command.Parameters.AddWithValue(name, property.GetValue(parameters) ?? DBNull.Value);
        }

        return command;
    }

    private static (string, PropertyInfo)[] ListOf(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).Select(p => ("@" + p.Name, p))];
}
