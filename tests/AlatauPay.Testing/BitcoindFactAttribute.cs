namespace AlatauPay.Testing;

/// <summary>A fact that runs only when <c>bitcoind</c> is on PATH and is reported skipped, with the reason, otherwise.</summary>
public sealed class BitcoindFactAttribute : FactAttribute
{
    public BitcoindFactAttribute()
    {
        if (!RegtestDaemon.Bitcoin.IsInstalled)
        {
            Skip = RegtestDaemon.Bitcoin.InstallHint;
        }
    }
}
