using System.Security.Cryptography;
using System.Text;
using AlatauPay.Application.Common;

namespace AlatauPay.Api.Idempotency;

/// <summary>The <c>Idempotency-Key</c> header and the fingerprint that tells "the same request" from another one.</summary>
internal static class IdempotencyRequest
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>The key, or a 400 when it is missing or malformed: 1-255 printable ASCII characters.</summary>
    public static string ReadKey(HttpRequest request)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            throw new RequestInvalidException(Header, "idempotency-key-required",
                "Every POST carries an Idempotency-Key header (1-255 printable ASCII characters, a UUID is a good choice).");
        }

        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || !key.All(c => c is >= '!' and <= '~'))
        {
            throw new RequestInvalidException(Header, "idempotency-key-invalid",
                $"Idempotency-Key is one value of 1-{MaxKeyLength} printable ASCII characters without spaces.");
        }

        return key;
    }

    /// <summary>SHA-256 over method, path with query, and the exact body bytes.</summary>
    public static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            request.Body.Position = 0;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
