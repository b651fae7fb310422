using System.Security.Cryptography;

namespace AlatauPay.Domain.Invoices;

/// <summary>
/// An invoice's public id: "inv_" and 26 characters of Crockford base32 — the creation time in milliseconds
/// (48 bits), then 80 random bits. The time comes first so that ids sort by creation: each new id lands at
/// the end of the indexes keyed by it, in pages the store already holds, instead of on a random page of each.
/// 80 random bits still leave an id unguessable, and the time in it is no secret: the invoice shows it.
/// </summary>
public readonly record struct InvoiceId
{
    private const string Prefix = "inv_";
    // In ascending ASCII order, so the text of two ids sorts as their bytes do.
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int TimeBytes = 6;

    private InvoiceId(string value) => Value = value;

    public string Value { get; }

    /// <summary>A new id, ordered by the current time.</summary>
    public static InvoiceId New() => New(DateTimeOffset.UtcNow);

    /// <summary>A new id for an invoice created at <paramref name="createdAt"/>.</summary>
    public static InvoiceId New(DateTimeOffset createdAt)
    {
        Span<byte> bytes = stackalloc byte[17];
        var milliseconds = createdAt.ToUnixTimeMilliseconds();
        for (var i = 0; i < TimeBytes; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (TimeBytes - 1 - i)));
        }

        RandomNumberGenerator.Fill(bytes[TimeBytes..16]);
        bytes[16] = 0;
        Span<char> chars = stackalloc char[26];
        var bits = 0;
        var buffer = 0;
        var written = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && written < chars.Length)
            {
                bits -= 5;
                chars[written++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        return new InvoiceId(Prefix + new string(chars));
    }

    public static InvoiceId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new DomainException("invoice-id-invalid", $"'{text}' is not an invoice id.");

    public static bool TryParse(string? text, out InvoiceId id)
    {
        id = default;
        if (text is null || text.Length != Prefix.Length + 26 || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text.AsSpan(Prefix.Length))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        id = new InvoiceId(text);
        return true;
    }

    public override string ToString() => Value;
}
