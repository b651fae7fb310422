namespace AlatauPay.Application.Common;

/// <summary>One page of a list, Stripe-style: the items and whether more follow the last one.</summary>
public sealed record PageView<T>(IReadOnlyList<T> Data, bool HasMore);

public static class Paging
{
    /// <summary>Builds a page from a query that asked for one row more than <paramref name="limit"/>.</summary>
    public static PageView<T> FromOverfetch<T>(IReadOnlyList<T> rows, int limit) =>
        rows.Count > limit ? new PageView<T>([.. rows.Take(limit)], true) : new PageView<T>(rows, false);

    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
}
