namespace AlatauPay.Persistence.Sql;

/// <summary>
/// The few points where SQLite and PostgreSQL spell the same statement differently, for the stores written
/// once for both. Anything that differs in meaning rather than spelling stays in the store's own class.
/// </summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(postgres: false);

    public static readonly SqlDialect Postgres = new(postgres: true);

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

    /// <summary>A boolean column that holds true: SQLite stores it as the integer 1.</summary>
    public string IsTrue(string column) => postgres ? column : $"{column} = 1";

    /// <summary>
    /// <paramref name="column"/> is one of the values of the list parameter: Dapper expands <c>IN @list</c>
    /// on SQLite, and PostgreSQL takes the list as one array.
    /// </summary>
    public string In(string column, string list) => postgres ? $"{column} = ANY({list})" : $"{column} IN {list}";

    /// <summary><paramref name="column"/> is none of the values of the list parameter.</summary>
    public string NotIn(string column, string list) => postgres ? $"{column} <> ALL({list})" : $"{column} NOT IN {list}";

    /// <summary>
    /// How a statement names a row of a table whose primary key is <paramref name="primaryKey"/>: SQLite finds
    /// rows fastest by their rowid, PostgreSQL by the key.
    /// </summary>
    public string RowKey(string primaryKey) => postgres ? primaryKey : "rowid";

    /// <summary>An exact amount written as decimal text: PostgreSQL casts it to numeric, SQLite keeps the text.</summary>
    public string Numeric(string parameter) => postgres ? $"CAST({parameter} AS numeric)" : parameter;

    /// <summary>An exact amount read back as decimal text: PostgreSQL casts its numeric column, SQLite holds text already.</summary>
    public string Text(string column) => postgres ? $"{column}::text" : column;
}
