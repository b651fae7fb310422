using System.Text.Json;
using AlatauPay.Application.Common;
using AlatauPay.Domain.Departments;
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
/// Bitcoin family, a treasury address for an EVM chain. An EVM wallet may also say when its payments are
/// final (<see cref="Confirmations"/>): a block depth as a JSON number from 1 to 1000, or <c>"finalized"</c>.
/// </summary>
public sealed record WalletInput(string? Xpub, string? Treasury = null, JsonElement? Confirmations = null)
{
    /// <summary>The confirmation rule as written, or null when absent; a value of the wrong shape is null too (the validator refuses it).</summary>
    public WalletConfirmations? ConfirmationRule() => Confirmations switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var depth) && depth is >= 1 and <= WalletConfirmations.MaxDepth =>
            WalletConfirmations.Blocks(depth),
        { ValueKind: JsonValueKind.String } text when text.GetString() == WalletConfirmations.FinalizedName => WalletConfirmations.Finalized,
        _ => null,
    };

    /// <summary>The value of the field a chain's wallet is registered with (<see cref="Chains.IPaymentMethodProvider.WalletField"/>).</summary>
    public string? ValueOf(string field) => field == "treasury" ? Treasury : Xpub;
}
