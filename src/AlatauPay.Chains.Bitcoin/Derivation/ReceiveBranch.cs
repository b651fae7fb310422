using System.Buffers.Binary;
using System.Security.Cryptography;
using NBitcoin;
using NBitcoin.Crypto;

namespace AlatauPay.Chains.Bitcoin.Derivation;

/// <summary>
/// The receive branch <c>…/0</c> of a department's account key, and its P2WPKH addresses <c>…/0/i</c>: through
/// the system's libsecp256k1 when it is loaded, else through NBitcoin. Both give the same address for every index.
/// </summary>
internal sealed class ReceiveBranch
{
    private const uint FirstHardenedIndex = 0x8000_0000;
    private const int IndexLength = 4;

    private readonly ExtPubKey key;
    private readonly byte[] publicKey;
    private readonly byte[] chainCode;

    // The branch key as libsecp256k1 holds it, parsed at the first native derivation and kept: parsing
    // decompresses the point, a square root. Two threads parsing at once store equal bytes.
    private byte[]? parsedKey;

    public ReceiveBranch(ExtPubKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.key = key;
        publicKey = key.PubKey.ToBytes();
        chainCode = key.ChainCode.ToArray();
    }

    /// <summary>Whether <see cref="AddressAt"/> goes through the system's libsecp256k1.</summary>
    public static bool IsNative => NativeSecp256k1.Instance is not null;

    public BitcoinAddress AddressAt(uint index, Network network) =>
        NativeSecp256k1.Instance is { } native ? NativeAddressAt(native, index, network) : ManagedAddressAt(index, network);

    public BitcoinAddress ManagedAddressAt(uint index, Network network) =>
        key.Derive(index).PubKey.GetAddress(ScriptPubKeyType.Segwit, network);

    /// <summary>
    /// The address from the child key's HASH160 directly: building an NBitcoin <see cref="PubKey"/> from the
    /// 33 bytes would decompress the point again in managed code, the cost this path exists to avoid.
    /// </summary>
    public BitcoinAddress NativeAddressAt(NativeSecp256k1 native, uint index, Network network)
    {
        Span<byte> child = stackalloc byte[NativeSecp256k1.CompressedKeyLength];
        ChildKey(native, index, child);
        return new WitKeyId(Hashes.Hash160(child)).GetAddress(network);
    }

    /// <summary>
    /// BIP32 CKDpub: I = HMAC-SHA512(chain code, serP(K) ‖ ser32(i)), child = K + parse256(I_L)·G, compressed.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No child key exists at <paramref name="index"/> (I_L ≥ n or the sum is the point at infinity, probability
    /// below 2^-127). BIP32 would move on to the next index; NBitcoin's <see cref="ExtPubKey.Derive(uint)"/>
    /// throws <see cref="ArgumentException"/> instead, and so does this, so both paths fail alike.
    /// </exception>
    public void ChildKey(NativeSecp256k1 native, uint index, Span<byte> child)
    {
        ArgumentNullException.ThrowIfNull(native);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FirstHardenedIndex);
        Span<byte> data = stackalloc byte[NativeSecp256k1.CompressedKeyLength + IndexLength];
        publicKey.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[NativeSecp256k1.CompressedKeyLength..], index);
        Span<byte> digest = stackalloc byte[HMACSHA512.HashSizeInBytes];
        HMACSHA512.HashData(chainCode, data, digest);
        if (!native.TryAddTweakToParsed(parsedKey ??= Parse(native), digest[..NativeSecp256k1.TweakLength], child))
        {
            throw new ArgumentException($"BIP32 defines no child key at index {index} of this branch (I_L is not below the group order, or the child is the point at infinity).", nameof(index));
        }
    }

    private byte[] Parse(NativeSecp256k1 native)
    {
        var parsed = new byte[NativeSecp256k1.ParsedKeyLength];
        return native.TryParse(publicKey, parsed)
            ? parsed
            : throw new InvalidOperationException("libsecp256k1 does not take the branch's public key for a point on the curve.");
    }
}
