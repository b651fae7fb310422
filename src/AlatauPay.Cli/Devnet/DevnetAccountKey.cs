using NBitcoin;

namespace AlatauPay.Cli.Devnet;

/// <summary>
/// The demo department's wallet on a devnet: a BIP39 mnemonic generated on first use and kept in the devnet's
/// folder, and its BIP84 account key (m/84'/1'/0') as a tpub, which every test network accepts. The gateway only
/// ever sees the public key.
/// </summary>
public static class DevnetAccountKey
{
    public const string FileName = "department.mnemonic";

    public static string LoadOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            var words = new Mnemonic(Wordlist.English, WordCount.Twelve).ToString();
            File.WriteAllText(path, words + Environment.NewLine);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var mnemonic = new Mnemonic(File.ReadAllText(path).Trim(), Wordlist.English);
        return mnemonic.DeriveExtKey().Derive(new KeyPath("m/84'/1'/0'")).Neuter().ToString(Network.RegTest);
    }
}
