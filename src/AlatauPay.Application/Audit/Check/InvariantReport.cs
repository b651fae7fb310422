namespace AlatauPay.Application.Audit.Check;

/// <summary>One invariant's outcome: what was checked, how many things, and every violation found.</summary>
public sealed record InvariantResult(string Name, string Rule, long Checked, IReadOnlyList<string> Violations, string? Note = null)
{
    public bool Holds => Violations.Count == 0;
}

/// <summary>The checker's report: one result per invariant, and counts of what the store holds.</summary>
public sealed record InvariantReport(IReadOnlyList<InvariantResult> Results, long Entries, long Invoices, long Observations)
{
    public bool Clean => Results.All(r => r.Holds);

    public int ViolationCount => Results.Sum(r => r.Violations.Count);

    /// <summary>One line for scripts and drills: <c>invariants: clean (…)</c> or <c>invariants: 3 violations in …</c>.</summary>
    public string Verdict => Clean
        ? $"invariants: clean ({Results.Count} checked over {Entries} entries, {Invoices} invoices, {Observations} observations)"
        : $"invariants: {ViolationCount} violations in {string.Join(", ", Results.Where(r => !r.Holds).Select(r => r.Name))}";
}

/// <summary>
/// A write the API acknowledged to a client (a 2xx answer it recorded), which must be in the store:
/// the invoice exists, and when <paramref name="Status"/> is <c>settled</c> it was settled (and may since have been reversed).
/// </summary>
public sealed record AcknowledgedWrite(string InvoiceId, string? Status);
