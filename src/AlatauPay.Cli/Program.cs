using AlatauPay.Cli;
using Spectre.Console;

return await AlatauCli.RunAsync(args, AnsiConsole.Console, CancellationToken.None);
