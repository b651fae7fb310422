using AlatauPay.Api;
using AlatauPay.Api.Hosting;

// The gateway also migrates at start: the `migrate` verb lets a deployment do it once, before any instance.
var migrateOnly = args is [MigrateCommand.Verb, ..];
var app = GatewayApp.Build(migrateOnly ? args[1..] : args);
if (migrateOnly)
{
    await app.MigrateAsync(CancellationToken.None);
    return;
}

await app.PrepareAsync(CancellationToken.None);
await app.RunAsync();
