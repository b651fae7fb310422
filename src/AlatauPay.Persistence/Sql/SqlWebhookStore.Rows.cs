using AlatauPay.Application.Ports;

namespace AlatauPay.Persistence.Sql;

internal sealed partial class SqlWebhookStore
{
    private sealed record EndpointRow(
        string Id,
        string Url,
        string EventTypes,
        string? Departments,
        string Secret,
        string? PreviousSecret,
        string? PreviousSecretUntil,
        string Status,
        string? DisabledReason,
        string? FailingSince,
        string CreatedAt)
    {
        public static EndpointRow From(WebhookEndpoint e) => new(
            e.Id,
            e.Url.ToString(),
            string.Join(' ', e.EventTypes),
            e.Departments is null ? null : string.Join(' ', e.Departments),
            e.Secret,
            e.PreviousSecret,
            e.PreviousSecretUntil is { } until ? StoredValues.Time(until) : null,
            e.Status,
            e.DisabledReason,
            e.FailingSince is { } since ? StoredValues.Time(since) : null,
            StoredValues.Time(e.CreatedAt));

        public WebhookEndpoint ToEndpoint() => new(
            Id,
            new Uri(Url, UriKind.Absolute),
            EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Departments?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Secret,
            PreviousSecret,
            PreviousSecretUntil is null ? null : StoredValues.Time(PreviousSecretUntil),
            Status,
            DisabledReason,
            FailingSince is null ? null : StoredValues.Time(FailingSince),
            StoredValues.Time(CreatedAt));
    }
}
