namespace AlatauPay.Testing;

/// <summary>One node per test class (<c>IClassFixture</c>); a Bitcoin Core fixture stays empty when bitcoind is absent.</summary>
public abstract class RegtestNodeFixture(RegtestDaemon daemon) : IAsyncLifetime
{
    private RegtestNode? node;

    public RegtestDaemon Daemon { get; } = daemon;

    public RegtestNode Node => node ?? throw new InvalidOperationException(Daemon.InstallHint);

    public async Task InitializeAsync()
    {
        // Skipped Bitcoin Core tests must not fail in their fixture; Litecoin's StartAsync throws when missing.
        if (Daemon.IsLitecoin || Daemon.IsInstalled)
        {
            node = await RegtestNode.StartAsync(Daemon);
        }
    }

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }
    }
}

public sealed class LitecoinNodeFixture() : RegtestNodeFixture(RegtestDaemon.Litecoin);

public sealed class BitcoinNodeFixture() : RegtestNodeFixture(RegtestDaemon.Bitcoin);
