using System.Data.Common;
using System.Text.Json;
using AlatauPay.Persistence.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// The few points where SQLite and PostgreSQL spell the same statement differently, for the stores written
/// once for both. Anything that differs in meaning rather than spelling stays in the store's own class.
/// </summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(postgres: false);

    public static readonly SqlDialect Postgres = new(postgres: true);

    /// <summary>SQLITE_CONSTRAINT_UNIQUE, the extended result code of a unique index's refusal.</summary>
    private const int SqliteUniqueConstraintFailed = 2067;

    private readonly bool postgres;

    private SqlDialect(bool postgres) => this.postgres = postgres;

    /// <summary>A fresh random 32-hex-digit identifier.</summary>
    public string RandomHex => postgres ? "replace(gen_random_uuid()::text, '-', '')" : "lower(hex(randomblob(16)))";

    /// <summary>The larger of two values: SQLite's scalar <c>max</c>, PostgreSQL's <c>greatest</c>.</summary>
    public string Greatest => postgres ? "greatest" : "max";

    /// <summary>The 1-based position of a substring: SQLite's <c>instr</c>, PostgreSQL's <c>strpos</c>.</summary>
    public string Position => postgres ? "strpos" : "instr";

    /// <summary>
    /// Locks the rows a SELECT in the write transaction reads until it commits. SQLite needs nothing: its
    /// write transaction already holds the database's single writer lock.
    /// </summary>
    public string ForUpdate => postgres ? " FOR UPDATE" : "";

    /// <summary>The distinct values of <paramref name="column"/> in a group, joined by commas in no particular order.</summary>
    public string DistinctList(string column) => postgres ? $"string_agg(DISTINCT {column}, ',')" : $"group_concat(DISTINCT {column})";

    /// <summary>The literal true: SQLite stores booleans as the integers 1 and 0.</summary>
    public string True => postgres ? "true" : "1";

    /// <summary>The literal false.</summary>
    public string False => postgres ? "false" : "0";

    /// <summary>
    /// A boolean column that holds true. SQLite's partial indexes are declared on <c>column = 1</c>, and the
    /// condition must be spelled so for the planner to use them.
    /// </summary>
    public string IsTrue(string column) => postgres ? column : $"{column} = 1";

    /// <summary>A boolean column that holds false.</summary>
    public string IsFalse(string column) => postgres ? $"NOT {column}" : $"{column} = 0";

    /// <summary>A boolean column read as the integer 1 or 0, as SQLite holds it.</summary>
    public string AsInteger(string column) => postgres ? $"{column}::int" : column;

    /// <summary>The smaller of two values: SQLite's scalar <c>min</c>, PostgreSQL's <c>least</c>.</summary>
    public string Least => postgres ? "least" : "min";

    /// <summary>
    /// <paramref name="column"/> is one of the values of the list parameter: Dapper expands <c>IN @list</c>
    /// on SQLite, and PostgreSQL takes the list as one array.
    /// </summary>
    public string In(string column, string list) => postgres ? $"{column} = ANY({list})" : $"{column} IN {list}";

    /// <summary>
    /// <paramref name="column"/> is none of the values of the list parameter, passed as <see cref="List"/> makes
    /// it: one parameter on both engines, so the statement's text stays the same whatever the list's length.
    /// </summary>
    public string NotIn(string column, string list) =>
        postgres ? $"{column} <> ALL({list})" : $"{column} NOT IN (SELECT value FROM json_each({list}))";

    /// <summary>A list of strings as <see cref="NotIn"/> takes it: an array for PostgreSQL, a JSON array's text for SQLite.</summary>
    public object List(IReadOnlyCollection<string> values) => postgres ? values.ToArray() : JsonSerializer.Serialize(values);

    /// <summary>
    /// How a statement names a row that PostgreSQL identifies by the column(s) <paramref name="key"/>: SQLite
    /// names it by its rowid, which finds it fastest and counts up in the order rows were added.
    /// </summary>
    public string RowKey(string key) => postgres ? key : "rowid";

    /// <summary>An exact amount written as decimal text: PostgreSQL casts it to numeric, SQLite keeps the text.</summary>
    public string Numeric(string parameter) => postgres ? $"CAST({parameter} AS numeric)" : parameter;

    /// <summary>An exact amount read back as decimal text: PostgreSQL casts its numeric column, SQLite holds text already.</summary>
    public string Text(string column) => postgres ? $"{column}::text" : column;

    /// <summary>The statement broke a unique constraint.</summary>
    public bool IsUniqueViolation(DbException failure) => postgres
        ? failure is PostgresException { SqlState: PostgresFailures.UniqueViolation }
        : failure is SqliteException { SqliteExtendedErrorCode: SqliteUniqueConstraintFailed };
}
