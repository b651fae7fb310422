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

/// <summary>A department's watch-only account key for one chain (BIP84 xpub/zpub, tpub/vpub).</summary>
public sealed record WalletInput(string? Xpub);
