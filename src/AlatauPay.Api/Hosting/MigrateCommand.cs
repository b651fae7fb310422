using AlatauPay.Application.Ports;
using AlatauPay.Persistence;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// <c>AlatauPay.Api migrate</c>: brings the store up to date and makes sure the ledger signing key exists, then
/// exits — for a deployment's migration job, so instances start on a ready schema and one shared key.
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

    public static async Task MigrateAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await app.Services.MigrateAlatauStorageAsync(cancellationToken);
        _ = app.Services.GetRequiredService<ILedgerSigner>();
    }
}
