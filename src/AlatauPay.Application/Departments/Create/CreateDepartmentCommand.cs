using AlatauPay.Application.Common;
using Mediator;

namespace AlatauPay.Application.Departments.Create;

public sealed record CreateDepartmentCommand(
    string? Code,
    string? Name,
    IReadOnlyList<ServiceInput>? Services,
    IReadOnlyDictionary<string, WalletInput>? Wallets,
    string? SpeedPolicy,
    string? PaymentTolerance = null,
    AmountInput? HighSpeedLimit = null) : ICommand<DepartmentView>;

public sealed record ServiceInput(string? Code, string? Name);

/// <summary>
/// A department's wallet on one chain: a watch-only account key (BIP84 xpub/zpub, tpub/vpub) for the
/// Bitcoin family, a treasury address for an EVM chain.
/// </summary>
public sealed record WalletInput(string? Xpub, string? Treasury = null)
{
    /// <summary>The value of the field a chain's wallet is registered with (<see cref="Chains.IPaymentMethodProvider.WalletField"/>).</summary>
    public string? ValueOf(string field) => field == "treasury" ? Treasury : Xpub;
}
