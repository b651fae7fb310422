using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Api.Tests;

/// <summary>What a stopping gateway still does: the watcher's current block, and the release of what it holds.</summary>
public sealed class ShutdownHooksTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task AWatcherAskedToStopMidBlockFinishesThatBlockAndFetchesNoOther()
    {
        using var stopping = new CancellationTokenSource();
        var node = new ScriptedNode("STOP", tipHeight: 3, stopWhileReading: "hash-2", stopping);
        var watcher = ActivatorUtilities.CreateInstance<ChainWatcher>(gateway.Services, node, new ChainWatchOptions { StartHeight = 1 });

        await watcher.PollAsync(stopping.Token, CancellationToken.None);

        await using var scope = gateway.Services.CreateAsyncScope();
        var tip = await scope.ServiceProvider.GetRequiredService<IChainStore>().GetTipAsync("STOP", CancellationToken.None);
        Assert.Equal(new BlockPointer(2, "hash-2"), tip);
        Assert.Equal(["hash-1", "hash-2"], node.BlocksRead);
        Assert.False(node.MempoolRead);
    }

    [Fact]
    public async Task WhatTheInstanceHoldsIsReleasedOnceWhenItStopsAndNotBefore()
    {
        var directory = Directory.CreateTempSubdirectory("alataupay-release-").FullName;
        var held = new Held();
        var app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
            });
            builder.Services.AddSingleton<IReleaseOnShutdown>(held);
        });
        try
        {
            await app.PrepareAsync(CancellationToken.None);
            await app.StartAsync();
            Assert.Equal(0, held.Releases);

            await app.StopAsync();

            Assert.Equal(1, held.Releases);
        }
        finally
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class Held : IReleaseOnShutdown
    {
        public int Releases { get; private set; }

        public Task ReleaseAsync(CancellationToken cancellationToken)
        {
            Releases++;
            return Task.CompletedTask;
        }
    }

    /// <summary>A node with blocks 1..tip; reading <c>stopWhileReading</c> asks the watcher to stop, as SIGTERM would.</summary>
    private sealed class ScriptedNode(string chain, long tipHeight, string stopWhileReading, CancellationTokenSource stopping) : IChainNode
    {
        public List<string> BlocksRead { get; } = [];

        public bool MempoolRead { get; private set; }

        public string Chain => chain;

        public IReadOnlyCollection<Currency> Methods => [];

        public Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new NodeStatus("regtest", tipHeight, Hash(tipHeight), Synced: true));

        public Task<string?> GetBlockHashAsync(long height, CancellationToken cancellationToken) =>
            Task.FromResult(height >= 1 && height <= tipHeight ? Hash(height) : null);

        public Task<ChainBlock> GetBlockAsync(string hash, IWatchList watched, CancellationToken cancellationToken)
        {
            BlocksRead.Add(hash);
            if (hash == stopWhileReading)
            {
                stopping.Cancel();
            }

            var height = long.Parse(hash["hash-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(new ChainBlock(height, hash, Hash(height - 1), DateTimeOffset.UnixEpoch.AddMinutes(height), []));
        }

        public Task<MempoolView> GetMempoolAsync(IWatchList watched, CancellationToken cancellationToken)
        {
            MempoolRead = true;
            return Task.FromResult(new MempoolView([], new HashSet<string>()));
        }

        public string WatchKey(Currency method, string destination) => destination;

        private static string Hash(long height) => $"hash-{height}";
    }
}
