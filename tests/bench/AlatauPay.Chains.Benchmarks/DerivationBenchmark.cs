using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AlatauPay.Chains.Bitcoin.Derivation;
using NBitcoin;
using NBitcoin.Crypto;

namespace AlatauPay.Chains.Benchmarks;

/// <summary>Microseconds per receive address <c>…/0/i</c>: the system's libsecp256k1 against NBitcoin's managed code.</summary>
internal static class DerivationBenchmark
{
    private const int Rounds = 3;

    public static string Run(int addresses)
    {
        var native = NativeSecp256k1.Instance
            ?? throw new InvalidOperationException("libsecp256k1 did not load: install the Debian package libsecp256k1-1.");
        var account = ExtKey.CreateFromSeed(SHA256.HashData(Encoding.ASCII.GetBytes("alataupay derivation benchmark")));
        var branch = new ReceiveBranch(account.Derive(new KeyPath("m/84'/0'/0'")).Neuter().Derive(0));
        var network = Network.Main;
        var child = new byte[NativeSecp256k1.CompressedKeyLength];
        branch.ChildKey(native, 0, child);

        var rows = new (string Name, Func<uint, object> Derive)[]
        {
            ("NBitcoin (`ExtPubKey.Derive` → `PubKey.GetAddress`)", i => branch.ManagedAddressAt(i, network)),
            ("libsecp256k1 (CKDpub → HASH160 → bech32)", i => branch.NativeAddressAt(native, i, network)),
            ("libsecp256k1, child key only (HMAC-SHA512, K + I_L·G)", i =>
            {
                branch.ChildKey(native, i, child);
                return child;
            }),
            ("address from a child key: `WitKeyId(Hash160)` → bech32", _ => new WitKeyId(Hashes.Hash160(child)).GetAddress(network)),
            ("address from a child key: `new PubKey(bytes).GetAddress`", _ => new PubKey(child).GetAddress(ScriptPubKeyType.Segwit, network)),
        };

        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{addresses:N0} consecutive indexes per round after as many for warm-up, one thread; median of {Rounds} rounds.");
        text.AppendLine();
        text.AppendLine("| derivation | µs per address |");
        text.AppendLine("| --- | --- |");
        foreach (var (name, derive) in rows)
        {
            Time(derive, 0, addresses);
            var rounds = Enumerable.Range(1, Rounds).Select(round => Time(derive, (uint)(round * addresses), addresses)).Order().ToList();
            text.AppendLine(c, $"| {name} | {rounds[Rounds / 2].TotalMicroseconds / addresses:F1} |");
        }

        return text.ToString();
    }

    private static TimeSpan Time(Func<uint, object> derive, uint from, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var index = from; index < from + count; index++)
        {
            GC.KeepAlive(derive(index));
        }

        return watch.Elapsed;
    }
}
