using AlatauPay.Application;
using AlatauPay.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Cli;

/// <summary>
/// The <c>keys</c> commands, against the store named by <c>--storage</c> or
/// <c>AlatauPay__Storage__ConnectionString</c> (default: the gateway's <c>data/alataupay.db</c>).
/// </summary>
internal static class KeysCli
{
    private const string Usage =
        """
        usage: alatau keys create --scope <scope> [--scope <scope>…] [--department <code>…] [--storage <connection string>]
               alatau keys list [--storage <connection string>]
               alatau keys revoke <key id> [--storage <connection string>]
        scopes: invoices:write invoices:read ledger:read webhooks:manage departments:manage admin
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var options = CliArguments.Parse(args);
        if (options is null || options.Group != "keys")
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var storage = options.Storage
            ?? Environment.GetEnvironmentVariable("AlatauPay__Storage__ConnectionString")
            ?? Persistence.DependencyInjection.DefaultSqliteConnectionString;
        var provider = Environment.GetEnvironmentVariable("AlatauPay__Storage__Provider") ?? "sqlite";
        var services = new ServiceCollection().AddAlatauApplication().AddAlatauPersistence(new StorageOptions { Provider = provider, ConnectionString = storage });
        await using var container = services.BuildServiceProvider();
        await container.MigrateAlatauStorageAsync(cancellationToken);
        await using var scope = container.CreateAsyncScope();
        var keys = new KeyCommands(scope.ServiceProvider, output, error);
        return options.Verb switch
        {
            "create" => await keys.CreateAsync(options.Scopes, options.Departments, cancellationToken),
            "list" => await keys.ListAsync(cancellationToken),
            "revoke" when options.Target is not null => await keys.RevokeAsync(options.Target, cancellationToken),
            _ => await UsageAsync(error),
        };
    }

    private static async Task<int> UsageAsync(TextWriter error)
    {
        await error.WriteLineAsync(Usage);
        return 2;
    }
}
