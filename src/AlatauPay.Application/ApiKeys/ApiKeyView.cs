using AlatauPay.Application.Ports;

namespace AlatauPay.Application.ApiKeys;

/// <summary>A key as lists show it: its hint, never its secret.</summary>
public sealed record ApiKeyView(
    string Id,
    string Hint,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Departments,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(StoredApiKey key) => new(key.Id, key.Hint, key.Scopes, key.Departments, key.CreatedAt, key.RevokedAt);
}

/// <summary>The answer to creating a key: the only time <see cref="Key"/>, the secret, is ever shown.</summary>
public sealed record CreatedApiKeyView(
    string Id,
    string Key,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Departments,
    DateTimeOffset CreatedAt);
