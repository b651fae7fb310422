using System.CommandLine;
using AlatauPay.Cli.Audit;
using AlatauPay.Cli.Chain;
using AlatauPay.Cli.Devnet;
using AlatauPay.Cli.Evm;
using Spectre.Console;

namespace AlatauPay.Cli;

/// <summary>
/// The <c>alatau</c> command line: <c>keys</c> (operators, on the gateway's store), <c>chain</c> (operators, over
/// the API), <c>evm sweep</c> (operators, on the store and the chain), <c>audit</c> (auditors, over the API or saved files) and <c>devnet</c> (developers, on the local devnet). Exit codes: 0 success or verified,
/// 1 refused or verification failed, 2 could not run.
/// </summary>
public static class AlatauCli
{
    public const int Verified = 0;
    public const int NotVerified = 1;
    public const int CouldNotRun = 2;

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        if (args is ["keys", ..])
        {
            using var output = new StringWriter();
            var code = await KeysCli.RunAsync(args, output, output, cancellationToken);
            console.Write(new Text(output.ToString()));
            return code;
        }

        var root = new RootCommand("AlatauPay operator and auditor commands.") { AuditCommands.Build(console), ChainCommands.Build(console), EvmCommands.Build(console), DevnetCommands.Build(console) };
        using var captured = new StringWriter();
        var parsed = root.Parse(args);
        var result = await parsed.InvokeAsync(new InvocationConfiguration { Output = captured, Error = captured }, cancellationToken);
        if (captured.GetStringBuilder().Length > 0)
        {
            console.Write(new Text(captured.ToString()));
        }

        return parsed.Errors.Count > 0 ? CouldNotRun : result;
    }

    /// <summary>The same commands writing plain text, for scripts and tests.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        args is ["keys", ..]
            ? KeysCli.RunAsync(args, output, error, cancellationToken)
            : RunAsync(args, AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
            }), cancellationToken);
}
