using System.Security.Cryptography;

namespace AlatauPay.Domain.Invoices;

/// <summary>An invoice's public id: "inv_" and 26 characters of Crockford base32 (128 random bits).</summary>
public readonly record struct InvoiceId
{
    private const string Prefix = "inv_";
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    private InvoiceId(string value) => Value = value;

    public string Value { get; }

    public static InvoiceId New()
    {
        Span<byte> bytes = stackalloc byte[17];
        RandomNumberGenerator.Fill(bytes[..16]);
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
