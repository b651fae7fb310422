using System.CommandLine;
using AlatauPay.Cli.Audit;
using Spectre.Console;

namespace AlatauPay.Cli;

/// <summary>The <c>alatau</c> command line. Exit codes: 0 success or verified, 1 verification failed, 2 could not run.</summary>
public static class AlatauCli
{
    public const int Verified = 0;
    public const int NotVerified = 1;
    public const int CouldNotRun = 2;

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("AlatauPay operator and auditor commands.") { AuditCommands.Build(console) };
        var output = new StringWriter();
        var parsed = root.Parse(args);
        var code = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, cancellationToken);
        if (output.GetStringBuilder().Length > 0)
        {
            console.Write(new Text(output.ToString()));
        }

        return parsed.Errors.Count > 0 ? CouldNotRun : code;
    }
}
