using System.Data.Common;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// Departments on either engine. PostgreSQL locks a department's wallets before it takes an address index
/// (<see cref="TakeIndexStatement"/>); the SQLite store uses this class as it is.
/// </summary>
internal class SqlDepartmentRepository(IStoreSession session, SqlDialect dialect) : IDepartmentRepository
{
    public async Task<bool> TryAddAsync(Department department, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            $"""
            INSERT INTO departments (code, name, speed_policy, created_at, payment_tolerance_bp, high_speed_limit_minor)
            VALUES (@code, @name, @speed, @at, @tolerance, {dialect.Numeric("@highSpeedLimit")})
            ON CONFLICT (code) DO NOTHING
            """,
            new
            {
                code = department.Code.Value,
                name = department.Name,
                speed = department.SpeedPolicy.ToName(),
                at = StoredValues.Time(department.CreatedAt),
                tolerance = department.Tolerance.BasisPoints,
                highSpeedLimit = StoredValues.Integer(department.HighSpeedLimit.MinorUnits),
            },
            transaction);
        if (inserted == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            "INSERT INTO department_services (department_code, position, code, name) VALUES (@department, @position, @code, @name)",
            department.Services.Select((s, i) => new { department = department.Code.Value, position = i, code = s.Code.Value, name = s.Name }),
            transaction);
        try
        {
            await InsertWalletsAsync(department, cancellationToken);
        }
        catch (DbException unique) when (dialect.IsUniqueViolation(unique))
        {
            // Which chain's key collided is in the index's name only; the field names the wallets as a whole.
            throw new StateConflictException(
                "wallet-key-in-use", $"Another department registered one of these keys at the same moment ({unique.Message}).", "wallets");
        }

        return true;
    }

    private async Task InsertWalletsAsync(Department department, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO department_wallets (department_code, chain, extended_key, fingerprint, network, next_index, confirmations)
            VALUES (@department, @chain, @key, @fingerprint, @network, @next, @confirmations)
            """,
            department.Wallets.Values.Select(w => new
            {
                department = department.Code.Value,
                chain = w.Chain,
                key = w.ExtendedKey,
                fingerprint = w.Fingerprint,
                network = w.Network,
                next = w.AddressesIssued,
                confirmations = w.Confirmations?.ToString(),
            }),
            transaction);
    }

    public async Task<Department?> FindAsync(DepartmentCode code, CancellationToken cancellationToken)
    {
        var found = await LoadAsync("WHERE code = @code", new { code = code.Value }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<DepartmentCode?> FindWalletOwnerAsync(string chain, string extendedKey, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var owner = await connection.ExecuteScalarAsync<string?>(
            "SELECT department_code FROM department_wallets WHERE chain = @chain AND extended_key = @extendedKey",
            new { chain, extendedKey },
            session.Transaction);
        return owner is null ? null : new DepartmentCode(owner);
    }

    public Task<IReadOnlyList<Department>> ListAsync(
        int limit, DepartmentCode? startingAfter, CancellationToken cancellationToken, IReadOnlySet<string>? only = null) =>
        LoadAsync(
            $"WHERE (@after IS NULL OR code > @after) AND (@unrestricted OR {dialect.In("code", "@only")}) ORDER BY code LIMIT @limit",
            new { after = startingAfter?.Value, unrestricted = only is null, only = only?.ToArray() ?? [], limit },
            cancellationToken);

    /// <summary>Takes the wallet's next address index, on the write transaction; see <see cref="TakeIndexStatement"/>.</summary>
    protected const string TakeIndex =
        """
        UPDATE department_wallets SET next_index = next_index + 1
        WHERE department_code = @code AND chain = @chain
        RETURNING next_index - 1
        """;

    public async Task<long> TakeNextAddressIndexAsync(DepartmentCode code, string chain, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        return await connection.ExecutePreparedScalarAsync<long?>(
            TakeIndexStatement(code),
            new { code = code.Value, chain },
            transaction,
            cancellationToken)
            ?? throw new InvalidOperationException($"Department {code} has no {chain} wallet.");
    }

    /// <summary>
    /// The statement that takes an address index of the department, with parameters <c>@code</c> and <c>@chain</c>:
    /// <see cref="TakeIndex"/>, or one that also locks what the engine needs locked first, in the same round trip.
    /// </summary>
    protected virtual string TakeIndexStatement(DepartmentCode code) => TakeIndex;

    private async Task<IReadOnlyList<Department>> LoadAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DepartmentRow>(
            $"""
            SELECT code, name, speed_policy AS SpeedPolicy, created_at AS CreatedAt,
                   payment_tolerance_bp AS ToleranceBasisPoints, {dialect.Text("high_speed_limit_minor")} AS HighSpeedLimitMinor
            FROM departments {where}
            """,
            parameters,
            session.Transaction)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var codes = rows.Select(r => r.Code).ToArray();
        var services = (await connection.QueryAsync<ServiceRow>(
            $"SELECT department_code AS Department, code, name FROM department_services WHERE {dialect.In("department_code", "@codes")} ORDER BY position",
            new { codes }, session.Transaction)).ToLookup(s => s.Department);
        var wallets = (await connection.QueryAsync<WalletRow>(
            $"""
            SELECT department_code AS Department, chain, extended_key AS ExtendedKey, fingerprint, network, next_index AS NextIndex, confirmations
            FROM department_wallets WHERE {dialect.In("department_code", "@codes")}
            """,
            new { codes }, session.Transaction)).ToLookup(w => w.Department);

        return [.. rows.Select(r => new Department(
                new DepartmentCode(r.Code),
                r.Name,
                [.. services[r.Code].Select(s => new DepartmentService(new ServiceCode(s.Code), s.Name))],
                wallets[r.Code].ToDictionary(w => w.Chain, w => new DepartmentWallet(w.Chain, w.ExtendedKey, w.Fingerprint, w.Network, w.NextIndex)
                {
                    Confirmations = w.Confirmations is null ? null : WalletConfirmations.Parse(w.Confirmations),
                }),
                SpeedPolicies.Parse(r.SpeedPolicy),
                StoredValues.Time(r.CreatedAt))
        {
            Tolerance = new PaymentTolerance((int)r.ToleranceBasisPoints),
            HighSpeedLimit = new Money(Currency.KZT, StoredValues.Int128(r.HighSpeedLimitMinor)),
        })];
    }

    private sealed record DepartmentRow(
        string Code, string Name, string SpeedPolicy, string CreatedAt, long ToleranceBasisPoints, string HighSpeedLimitMinor);

    private sealed record ServiceRow(string Department, string Code, string Name);

    private sealed record WalletRow(string Department, string Chain, string ExtendedKey, string Fingerprint, string Network, long NextIndex, string? Confirmations);
}
