using System.CommandLine;
using System.Text.Json;
using AlatauPay.Application;
using AlatauPay.Application.Audit.Check;
using AlatauPay.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AlatauPay.Cli.Audit;

/// <summary>
/// <c>alatau audit check</c>: reads the gateway's store directly (read-only) and checks its invariants, one
/// line per invariant and a one-line verdict. Exit 0 when every invariant holds, 1 on any violation.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Violations printed per invariant; the count is always printed.</summary>
    private const int Shown = 50;

    public static Command Build(IAnsiConsole console)
    {
        var connection = new Option<string?>("--connection", "--storage")
        {
            Description = "The store's connection string; defaults to $AlatauPay__Storage__ConnectionString or data/alataupay.db",
        };
        var provider = new Option<string?>("--provider") { Description = "sqlite or postgres; defaults to $AlatauPay__Storage__Provider or sqlite" };
        var acknowledged = new Option<FileInfo?>("--acknowledged")
        {
            Description = "A jsonl file of writes the API acknowledged ({\"invoiceId\":…, \"status\":…} per line) that must be in the store",
        };
        var command = new Command("check", "Check the store's invariants directly on its database (read-only).") { connection, provider, acknowledged };
        command.SetAction((parsed, cancellationToken) => AuditCommands.Guarded(console, async () =>
        {
            var options = new StorageOptions
            {
                Provider = parsed.GetValue(provider) ?? Environment.GetEnvironmentVariable("AlatauPay__Storage__Provider") ?? "sqlite",
                ConnectionString = parsed.GetValue(connection)
                    ?? Environment.GetEnvironmentVariable("AlatauPay__Storage__ConnectionString")
                    ?? Persistence.DependencyInjection.DefaultSqliteConnectionString,
            };
            var writes = parsed.GetValue(acknowledged) is { } file ? await ReadAcknowledgedAsync(file, cancellationToken) : [];
            var report = await RunAsync(options, writes, cancellationToken);
            Render(console, report);
            return report.Clean ? AlatauCli.Verified : AlatauCli.NotVerified;
        }));
        return command;
    }

    internal static async Task<InvariantReport> RunAsync(StorageOptions options, IReadOnlyList<AcknowledgedWrite> acknowledged, CancellationToken cancellationToken)
    {
        IServiceCollection services;
        try
        {
            services = new ServiceCollection().AddAlatauApplication().AddAlatauPersistence(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<CheckInvariantsHandler>(scope.ServiceProvider);
        return await handler.Handle(new CheckInvariantsQuery(acknowledged), cancellationToken);
    }

    internal static async Task<IReadOnlyList<AcknowledgedWrite>> ReadAcknowledgedAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var writes = new List<AcknowledgedWrite>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(file.FullName, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.TryGetProperty("invoiceId", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new InvalidDataException($"{file.Name} line {number} has no invoiceId.");
            var status = json.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            writes.Add(new AcknowledgedWrite(id, status));
        }

        return writes;
    }

    private static void Render(IAnsiConsole console, InvariantReport report)
    {
        foreach (var result in report.Results)
        {
            var mark = result.Holds ? "[green]ok  [/]" : "[red]FAIL[/]";
            console.MarkupLine($"{mark} {Markup.Escape($"{result.Name,-20} {result.Checked,8} checked  {result.Rule}")}");
            foreach (var violation in result.Violations.Take(Shown))
            {
                console.MarkupLineInterpolated($"       [red]-[/] {violation}");
            }

            if (result.Violations.Count > Shown)
            {
                console.MarkupLineInterpolated($"       … and {result.Violations.Count - Shown} more");
            }

            if (result.Note is { } note)
            {
                console.MarkupLineInterpolated($"       note: {note}");
            }
        }

        console.MarkupLineInterpolated($"{report.Verdict}");
    }
}
