namespace AlatauPay.Testing;

/// <summary>A node program tests can run in regtest mode, and how to start it.</summary>
public sealed record RegtestDaemon(string Program, string Chain, string InstallHint, IReadOnlyList<string> ExtraArguments)
{
    /// <summary>Litecoin Core 0.21: always available to the test script, so missing it is a failure.</summary>
    public static RegtestDaemon Litecoin { get; } = new(
        "litecoind",
        "LTC",
        "litecoind is not installed: apt-get install litecoind",
        // Litecoin 0.21 refuses every replacement unless told otherwise; RBF tests need BIP125 replacements.
        ["-mempoolreplacement=1"]);

    /// <summary>Bitcoin Core: used when on PATH, skipped otherwise (no Debian package exists).</summary>
    public static RegtestDaemon Bitcoin { get; } = new(
        "bitcoind",
        "BTC",
        "bitcoind is not on PATH; Bitcoin Core tests skipped",
        []);

    public bool IsLitecoin => Chain == "LTC";

    /// <summary>The program's full path, or null when it is not on PATH.</summary>
    public string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Program))
            .FirstOrDefault(File.Exists);

    public bool IsInstalled => Locate() is not null;
}
