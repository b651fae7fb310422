namespace AlatauPay.Application.Ports;

public interface IApiKeyStore
{
    Task AddAsync(StoredApiKey key, CancellationToken cancellationToken);

    /// <summary>The key whose secret hashes to <paramref name="secretHash"/>, revoked or not.</summary>
    Task<StoredApiKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken);

    Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first, after <paramref name="startingAfter"/> (an existing id) when given.</summary>
    Task<IReadOnlyList<StoredApiKey>> ListAsync(int limit, string? startingAfter, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked at <paramref name="at"/>; false when it was revoked already.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>
/// A scoped API key as stored: never the secret, only its SHA-256 (hex) and a hint to recognise it.
/// <see cref="Departments"/> is null when the key may act on every department.
/// </summary>
public sealed record StoredApiKey(
    string Id,
    string SecretHash,
    string Hint,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Departments,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);
