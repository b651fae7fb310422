using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace AlatauPay.Cli.Audit;

/// <summary><c>alatau audit export | verify | verify-receipt</c> over the API or saved files, and <c>audit check</c> on the store itself.</summary>
public static class AuditCommands
{
    private static readonly Option<string?> Server = new("--server") { Description = "The gateway's base URL, e.g. https://pay.alatau.city" };
    private static readonly Option<string?> Key = new("--key") { Description = "API key with ledger access; defaults to $ALATAU_API_KEY" };

    public static Command Build(IAnsiConsole console) =>
        new("audit", "Read the ledger and prove it was not altered.")
        {
            ExportCommand.Build(console, Server, Key),
            BuildVerify(console),
            BuildVerifyReceipt(console),
            CheckCommand.Build(console),
        };

    internal static LedgerClient Client(ParseResult parsed)
    {
        var server = Uri.TryCreate(parsed.GetValue(Server), UriKind.Absolute, out var url) ? url : throw new ArgumentException("--server is required: the gateway's base URL.");
        var key = parsed.GetValue(Key) ?? Environment.GetEnvironmentVariable("ALATAU_API_KEY")
            ?? throw new ArgumentException("--key or ALATAU_API_KEY is required.");
        return new LedgerClient(server, key);
    }

    private static Command BuildVerify(IAnsiConsole console)
    {
        var trusted = new Option<FileInfo?>("--trusted") { Description = "A tree head trusted earlier (from --save-head); its key is pinned" };
        var entries = new Option<FileInfo?>("--entries") { Description = "Offline: a jsonl export saved by 'audit export --format jsonl'" };
        var head = new Option<FileInfo?>("--head") { Description = "Offline: the signed head saved beside that export" };
        var entry = new Option<long[]>("--entry") { Description = "Also check the inclusion proof of this entry id (repeatable)", AllowMultipleArgumentsPerToken = true };
        var save = new Option<FileInfo?>("--save-head") { Description = "After a successful check, save the verified head here to trust next time" };
        var command = new Command("verify", "Verify the ledger against a trusted tree head, without database access.")
        {
            Server, Key, trusted, entries, head, entry, save,
        };
        command.SetAction((parsed, cancellationToken) => Guarded(console, async () =>
        {
            using var client = parsed.GetValue(entries) is null ? Client(parsed) : null;
            var inputs = await VerifyInputs.CreateAsync(
                client, parsed.GetValue(head), parsed.GetValue(entries), parsed.GetValue(trusted), parsed.GetValue(entry) ?? [], cancellationToken);
            var report = await LedgerAuditor.VerifyAsync(inputs, null, cancellationToken);
            var code = report.Render(console, $"ledger of {inputs.Current.TreeSize} entries, root {inputs.Current.RootHash}");
            if (report.Passed && parsed.GetValue(save) is { } path)
            {
                inputs.Current.Save(path.FullName);
                console.MarkupLineInterpolated($"saved the verified head to {path.FullName}");
            }

            return code;
        }));
        return command;
    }

    private static Command BuildVerifyReceipt(IAnsiConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "A receipt saved from GET /v1/invoices/{id}/receipt" };
        var publicKey = new Option<string?>("--public-key") { Description = "The deployment's Ed25519 public key (base64) to pin" };
        var command = new Command("verify-receipt", "Verify a payment receipt offline.") { file, publicKey };
        command.SetAction((parsed, _) => Guarded(console, () =>
        {
            var path = parsed.GetValue(file)!;
            var envelope = JsonNode.Parse(File.ReadAllText(path.FullName)) ?? throw new InvalidDataException("The receipt is empty.");
            var pinned = parsed.GetValue(publicKey) is { } text ? SignedHeadFile.TryBase64(text) : null;
            var report = ReceiptVerifier.Verify(envelope, pinned);
            return Task.FromResult(report.Render(console, $"receipt for {envelope["receipt"]?["invoiceId"]}"));
        }));
        return command;
    }

    internal static async Task<int> Guarded(IAnsiConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception failure) when (failure is ArgumentException or IOException or HttpRequestException or InvalidDataException or System.Text.Json.JsonException)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(failure.Message)}");
            return AlatauCli.CouldNotRun;
        }
    }
}
