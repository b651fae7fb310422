using AlatauPay.Domain.Amounts;

namespace AlatauPay.Domain.Departments;

/// <summary>A city department that bills residents, with the services it bills for and its watch-only wallets.</summary>
public sealed record Department(
    DepartmentCode Code,
    string Name,
    IReadOnlyList<DepartmentService> Services,
    IReadOnlyDictionary<string, DepartmentWallet> Wallets,
    SpeedPolicy SpeedPolicy,
    DateTimeOffset CreatedAt)
{
    /// <summary>Five hundred tenge short per hundred thousand is no reason to leave a bill unpaid, if the city says so.</summary>
    public PaymentTolerance Tolerance { get; init; } = PaymentTolerance.None;

    /// <summary>
    /// The largest invoice that <see cref="SpeedPolicy.High"/> settles on zero confirmations. Unconfirmed
    /// payments can be replaced (full RBF), so above it an invoice waits for one confirmation.
    /// </summary>
    public Money HighSpeedLimit { get; init; } = DefaultHighSpeedLimit;

    public static Money DefaultHighSpeedLimit { get; } = Money.Parse("50000.00", Currency.KZT);

    public DepartmentService? FindService(string code) => Services.FirstOrDefault(s => s.Code.Value == code);

    /// <summary>Confirmations a payment needs before it counts, for an invoice of <paramref name="amount"/>.</summary>
    public int RequiredConfirmations(SpeedPolicy policy, Money amount) =>
        policy == SpeedPolicy.High && amount > HighSpeedLimit ? 1 : policy.Confirmations();
}

public sealed record DepartmentService(ServiceCode Code, string Name);

/// <summary>
/// A department's watch-only key for one chain. <see cref="AddressesIssued"/> counts derived addresses;
/// an index once issued is never issued again.
/// </summary>
public sealed record DepartmentWallet(string Chain, string ExtendedKey, string Fingerprint, string Network, long AddressesIssued)
{
    /// <summary>The department's own confirmation rule for this chain; null follows its speed policy.</summary>
    public WalletConfirmations? Confirmations { get; init; }
}
