using System.Globalization;
using AlatauPay.Testing;

namespace AlatauPay.Drills.Chain;

/// <summary>What one run of the chain drill did and found.</summary>
public sealed class ChainDrillReport
{
    public int Invoices { get; set; }

    public int Payments { get; set; }

    public int CanonicalPayments { get; set; }

    /// <summary>Payments sent that the chain no longer holds (double-spent, or dropped in a reorg and never mined again).</summary>
    public int LostPayments { get; set; }

    public int Settled { get; set; }

    public IReadOnlyList<ReorgRecord> Reorgs { get; set; } = [];

    public int NodeRestarts { get; set; }

    public int ProxyFaults { get; set; }

    public long DelayedAnswers { get; set; }

    public long ResetConnections { get; set; }

    public long SwallowedRequests { get; set; }

    public TimeSpan FaultPhase { get; set; }

    public TimeSpan Duration { get; set; }

    public List<string> Violations { get; } = [];

    /// <summary>
    /// Violations of safety: money counted that the chain does not hold, counted twice, or an unbalanced or
    /// inconsistent ledger. The rest are of liveness: money the chain holds that the gateway has not accounted.
    /// </summary>
    public IReadOnlyList<string> SafetyViolations => [.. Violations.Where(v => !IsUnaccountedMoney(v))];

    /// <summary>The one-line verdict of <c>alatau audit check</c> on the gateway's store after the drill.</summary>
    public string InvariantVerdict { get; set; } = "";

    private static bool IsUnaccountedMoney(string violation) =>
        violation.EndsWith("but the node says it is paid", StringComparison.Ordinal)
        || violation.EndsWith("but it is paid on chain", StringComparison.Ordinal)
        || violation.EndsWith("but on the canonical chain", StringComparison.Ordinal);

    public string Summary()
    {
        var depths = string.Join(" ", Reorgs.GroupBy(r => r.Depth).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
        var kinds = string.Join(" ", Reorgs.GroupBy(r => r.Kind).Select(g => $"{g.Key}:{g.Count()}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"chain drill: {(Violations.Count == 0 ? "PASS" : "FAIL")}, {Violations.Count} violations ({SafetyViolations.Count} of safety); {Invoices} invoices, {Payments} payments "
            + $"({CanonicalPayments} canonical, {LostPayments} lost to double spends and dropped reorgs), {Reorgs.Count} reorgs "
            + $"(LTC {Reorgs.Count(r => r.Chain == "LTC")}, ETH {Reorgs.Count(r => r.Chain == "ETH")}; depth {depths}; {kinds}; "
            + $"{Reorgs.Sum(r => r.Payments.Count)} payments reorganised), {NodeRestarts} node restarts, {ProxyFaults} proxy fault windows "
            + $"({DelayedAnswers} answers delayed past the timeout, {SwallowedRequests} requests swallowed, {ResetConnections} connections reset), "
            + $"{FaultPhase.TotalSeconds:F0} s of faults, {Duration.TotalSeconds:F0} s in all; audit check: {InvariantVerdict}")
            + string.Concat(Violations.Take(20).Select(v => Environment.NewLine + "  violation: " + v));
    }
}
