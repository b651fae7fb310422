using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace AlatauPay.Signing;

/// <summary>
/// The signing key on disk: PKCS#8 PEM ("PRIVATE KEY"), readable by OpenSSL, written owner-read-write only.
/// A missing file is generated (development and first start); an unreadable one stops the gateway.
/// </summary>
public static class SigningKeyFile
{
    private const string Label = "PRIVATE KEY";

    /// <summary>Loads the key, or creates it when <paramref name="path"/> does not exist. <c>Created</c> says which.</summary>
    public static (Ed25519LedgerSigner Signer, bool Created) LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return (new Ed25519LedgerSigner(Read(path)), false);
        }

        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        try
        {
            Write(path, key);
        }
        catch (IOException) when (File.Exists(path))
        {
            return (new Ed25519LedgerSigner(Read(path)), false);
        }

        return (new Ed25519LedgerSigner(key), true);
    }

    public static Ed25519PrivateKeyParameters Read(string path)
    {
        var text = File.ReadAllText(path);
        var pem = PemEncoding.Find(text);
        if (text[pem.Label] is not Label)
        {
            throw new InvalidOperationException($"The ledger signing key file '{path}' holds no PKCS#8 private key.");
        }

        return PrivateKeyFactory.CreateKey(Convert.FromBase64String(text[pem.Base64Data])) as Ed25519PrivateKeyParameters
            ?? throw new InvalidOperationException($"The ledger signing key in '{path}' is not an Ed25519 key.");
    }

    private static void Write(string path, Ed25519PrivateKeyParameters key)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var der = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.Write(PemEncoding.WriteString(Label, der));
        writer.Write('\n');
    }
}
