using System.Text.Json;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Signing;

namespace AlatauPay.Cli.Audit;

/// <summary>
/// A signed tree head with the public key it is checked against: what <c>alatau audit verify --save-head</c>
/// writes and <c>--trusted</c> reads. Trust comes from where the auditor got the file, never from its contents.
/// </summary>
public sealed record SignedHeadFile(long TreeSize, string RootHash, DateTimeOffset Timestamp, string Signature, string KeyId, string PublicKey)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static SignedHeadFile Load(string path) =>
        JsonSerializer.Deserialize<SignedHeadFile>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"'{path}' holds no signed tree head.");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    public byte[] Root => MerkleHash.TryFromHex(RootHash, out var root) ? root : [];

    public byte[] PublicKeyBytes => TryBase64(PublicKey);

    /// <summary>The Ed25519 signature over the head's four lines verifies under <see cref="PublicKey"/>, which <see cref="KeyId"/> names.</summary>
    public bool IsSigned() =>
        Root.Length == MerkleHash.Size
        && KeyId == SigningKeyId.For(PublicKeyBytes)
        && Ed25519Signatures.Verify(PublicKeyBytes, new TreeHead(TreeSize, Root, Timestamp).SignedBytes(), TryBase64(Signature));

    internal static byte[] TryBase64(string? text)
    {
        try
        {
            return text is null ? [] : Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
