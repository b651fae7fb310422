using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace AlatauPay.Signing;

/// <summary>The deployment's signing key, loaded once; signing is thread-safe and deterministic (RFC 8032).</summary>
public sealed class Ed25519LedgerSigner : ILedgerSigner
{
    private readonly Ed25519PrivateKeyParameters key;

    public Ed25519LedgerSigner(Ed25519PrivateKeyParameters key)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.key = key;
        PublicKey = key.GeneratePublicKey().GetEncoded();
        KeyId = SigningKeyId.For(PublicKey);
    }

    public string KeyId { get; }

    public byte[] PublicKey { get; }

    public byte[] Sign(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signature = new byte[Ed25519Signatures.SignatureSize];
        key.Sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature, 0);
        return signature;
    }
}
