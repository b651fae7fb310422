using System.Globalization;

namespace AlatauPay.Domain.Departments;

/// <summary>
/// A department's own rule for when a payment to one of its wallets is final, instead of what its speed
/// policy maps to: a block depth from 1 to <see cref="MaxDepth"/>, or the block the node reports as finalized.
/// Written as the depth in digits or as <c>finalized</c>.
/// </summary>
public sealed record WalletConfirmations
{
    public const int MaxDepth = 1000;

    public const string FinalizedName = "finalized";

    private WalletConfirmations(int? depth) => Depth = depth;

    public static WalletConfirmations Finalized { get; } = new((int?)null);

    /// <summary>The block depth a payment needs; null when it needs the node's finalized block instead.</summary>
    public int? Depth { get; }

    public bool IsFinalized => Depth is null;

    public static WalletConfirmations Blocks(int depth) =>
        depth is >= 1 and <= MaxDepth
            ? new WalletConfirmations(depth)
            : throw new DomainException("wallet-confirmations-invalid", $"A block depth is from 1 to {MaxDepth}, not {depth}.");

    public static bool TryParse(string? text, out WalletConfirmations? confirmations)
    {
        confirmations = text == FinalizedName ? Finalized
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth is >= 1 and <= MaxDepth ? new WalletConfirmations(depth)
            : null;
        return confirmations is not null;
    }

    public static WalletConfirmations Parse(string text) =>
        TryParse(text, out var confirmations) ? confirmations! : throw new DomainException("wallet-confirmations-invalid", $"'{text}' is neither a block depth nor '{FinalizedName}'.");

    public override string ToString() => Depth?.ToString(CultureInfo.InvariantCulture) ?? FinalizedName;
}
