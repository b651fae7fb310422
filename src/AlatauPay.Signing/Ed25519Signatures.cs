using Org.BouncyCastle.Crypto.Parameters;

namespace AlatauPay.Signing;

/// <summary>Ed25519 verification (RFC 8032), for verifiers that hold only a public key.</summary>
public static class Ed25519Signatures
{
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    /// <summary>False for a bad signature and for keys or signatures of the wrong length; never throws on input.</summary>
    public static bool Verify(byte[]? publicKey, byte[] message, byte[]? signature)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (publicKey is not { Length: PublicKeySize } || signature is not { Length: SignatureSize })
        {
            return false;
        }

        try
        {
            return new Ed25519PublicKeyParameters(publicKey).Verify(
                Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature, 0);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
