using AlatauPay.Api.Tests;
using Spectre.Console;

namespace AlatauPay.Cli.Tests;

/// <summary>Runs <c>alatau</c> in process against a running gateway, capturing what it prints; owns a temporary folder.</summary>
public sealed class CliRun : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "alataupay-cli-" + Guid.NewGuid().ToString("N"));

    public CliRun() => System.IO.Directory.CreateDirectory(Directory);

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        var code = await AlatauCli.RunAsync(args, console, CancellationToken.None);
        return (code, writer.ToString());
    }

    public static string[] Online(GatewayHost gateway, params string[] args) =>
        [.. args, "--server", gateway.Client.BaseAddress!.ToString(), "--key", GatewayHost.AdminKey];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
