namespace AlatauPay.Application.Invoices.StatusFeed;

/// <summary><c>AlatauPay:StatusFeed</c>: how often a checkout page's live status reads its invoice again.</summary>
public sealed class StatusFeedOptions
{
    public const string Section = "AlatauPay:StatusFeed";

    /// <summary>Without Redis (or while it is away), changes made on other instances are found by reading this often.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// With Redis subscribed, changes are announced, so the page reads only this often on its own: a safety net for a
    /// lost announcement, and what brings confirmation depths, which are not announced, up to date.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
