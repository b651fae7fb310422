using AlatauPay.Api;

var app = GatewayApp.Build(args);
await app.PrepareAsync(CancellationToken.None);
await app.RunAsync();
