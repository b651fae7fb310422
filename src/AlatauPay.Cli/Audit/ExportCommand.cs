using System.CommandLine;
using Spectre.Console;

namespace AlatauPay.Cli.Audit;

/// <summary>
/// <c>alatau audit export</c>: saves a csv (for accountants) or jsonl (for verifiers, with the signed head it
/// was cut at, saved beside it as <c>FILE.head.json</c>) export, streamed to disk with a progress bar.
/// </summary>
internal static class ExportCommand
{
    public static Command Build(IAnsiConsole console, Option<string?> server, Option<string?> key)
    {
        var format = new Option<string>("--format") { Description = "csv or jsonl", DefaultValueFactory = _ => "csv" };
        var from = new Option<string?>("--from") { Description = "csv: first instant included (RFC 3339)" };
        var to = new Option<string?>("--to") { Description = "csv: first instant excluded (RFC 3339)" };
        var basis = new Option<string?>("--basis") { Description = "csv: effective (default) or recorded" };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the export", Required = true };
        var command = new Command("export", "Export the ledger.") { server, key, format, from, to, basis, output };
        command.SetAction((parsed, cancellationToken) => AuditCommands.Guarded(console, async () =>
        {
            using var client = AuditCommands.Client(parsed);
            var path = parsed.GetValue(output)!.FullName;
            var jsonl = parsed.GetValue(format) == "jsonl";
            var head = jsonl ? await client.SignedHeadAsync(cancellationToken) : null;
            var query = jsonl
                ? $"format=jsonl&treeSize={head!.TreeSize}"
                : string.Join('&', new[] { "format=csv", Param("from", parsed.GetValue(from)), Param("to", parsed.GetValue(to)), Param("basis", parsed.GetValue(basis)) }.Where(p => p.Length > 0));
            var bytes = await DownloadAsync(console, client, query, path, cancellationToken);
            head?.Save(path + ".head.json");
            console.MarkupLineInterpolated($"wrote {bytes:N0} bytes to {path}{(head is null ? "" : $" (tree size {head.TreeSize}, head in {path}.head.json)")}");
            return AlatauCli.Verified;
        }));
        return command;
    }

    private static string Param(string name, string? value) => value is null ? "" : $"{name}={Uri.EscapeDataString(value)}";

    private static async Task<long> DownloadAsync(IAnsiConsole console, LedgerClient client, string query, string path, CancellationToken cancellationToken)
    {
        var (body, length) = await client.OpenExportAsync(query, cancellationToken);
        await using (body)
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            long written = 0;
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("export", maxValue: length ?? 0);
                task.IsIndeterminate = length is null;
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    written += read;
                    task.Increment(read);
                }

                task.StopTask();
            });
            return written;
        }
    }
}
