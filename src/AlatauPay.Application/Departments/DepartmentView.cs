using System.Globalization;
using System.Text.Json;
using AlatauPay.Application.Common;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Application.Departments;

/// <summary>
/// A department as the API shows it. Wallets show the key's fingerprint, never the key: an extended
/// public key reveals every address and payment of the department.
/// </summary>
public sealed record DepartmentView(
    string Code,
    string Name,
    IReadOnlyList<ServiceView> Services,
    IReadOnlyDictionary<string, WalletView> Wallets,
    string SpeedPolicy,
    string PaymentTolerance,
    AmountView HighSpeedLimit,
    DateTimeOffset CreatedAt)
{
    public static DepartmentView From(Department department) => new(
        department.Code.Value,
        department.Name,
        [.. department.Services.Select(s => new ServiceView(s.Code.Value, s.Name))],
        department.Wallets.ToDictionary(
            pair => pair.Key,
            pair => new WalletView(pair.Value.Network, pair.Value.Fingerprint, pair.Value.AddressesIssued, WalletView.Show(pair.Value.Confirmations))),
        department.SpeedPolicy.ToName(),
        department.Tolerance.ToPercentString(),
        AmountView.From(department.HighSpeedLimit),
        department.CreatedAt);
}

public sealed record ServiceView(string Code, string Name);

/// <param name="Confirmations">
/// The department's own rule for the chain as it was registered: a block depth (a JSON number) or
/// <c>"finalized"</c>; null when payments follow the speed policy.
/// </param>
public sealed record WalletView(string Network, string KeyFingerprint, long AddressesIssued, JsonElement? Confirmations)
{
    internal static JsonElement? Show(WalletConfirmations? confirmations) => confirmations switch
    {
        null => null,
        { Depth: { } depth } => Json(depth.ToString(CultureInfo.InvariantCulture)),
        _ => Json($"\"{WalletConfirmations.FinalizedName}\""),
    };

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
