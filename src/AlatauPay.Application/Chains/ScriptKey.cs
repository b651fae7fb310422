using System.Buffers.Binary;

namespace AlatauPay.Application.Chains;

/// <summary>
/// An output script of up to <see cref="MaxLength"/> bytes held inline, so a set of them stores no
/// per-entry object: every standard output type (P2PKH 25, P2SH 23, P2WPKH 22, P2WSH and P2TR 34) fits.
/// </summary>
internal readonly record struct ScriptKey(ulong A, ulong B, ulong C, ulong D, ulong E, int Length)
{
    public const int MaxLength = 40;

    public static bool TryCreate(string hex, out ScriptKey key)
    {
        key = default;
        if (hex.Length == 0 || hex.Length > MaxLength * 2 || hex.Length % 2 != 0)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxLength];
        bytes.Clear();
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        key = new ScriptKey(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]),
            written);
        return true;
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, A);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], D);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[32..], E);
        return Convert.ToHexStringLower(bytes[..Length]);
    }
}
