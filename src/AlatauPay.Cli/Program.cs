using AlatauPay.Cli;

return await AlatauCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
