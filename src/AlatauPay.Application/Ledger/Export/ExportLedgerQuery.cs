using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Ledger.Export;

/// <summary>
/// The ledger as a stream of lines. <c>csv</c>: one line per posting for accountants, optionally within a
/// time range. <c>jsonl</c>: one line per entry in leaf order up to <c>treeSize</c>, with its canonical bytes,
/// for verifiers. Either is produced while it is sent, so memory stays flat whatever the ledger's size.
/// </summary>
public sealed record ExportLedgerQuery(string? From, string? To, string? Basis, string? Format, string? TreeSize) : IQuery<LedgerExport>;

public sealed record LedgerExport(string ContentType, string FileName, IAsyncEnumerable<string> Lines);

public sealed class ExportLedgerValidator : AbstractValidator<ExportLedgerQuery>
{
    public ExportLedgerValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q.Format).Must(f => f is null or "csv" or "jsonl")
            .WithErrorCode("format-invalid").WithMessage("format is csv (the default) or jsonl.");
        RuleFor(q => q.From).MustBeATime("from");
        RuleFor(q => q.To).MustBeATime("to");
        RuleFor(q => q.Basis).MustBeABasis();
        RuleFor(q => q).Must(q => !(LedgerParameters.TryParseTime(q.From, out var from) && LedgerParameters.TryParseTime(q.To, out var to) && from > to))
            .WithErrorCode("time-range-invalid").WithMessage("from is after to.").OverridePropertyName("from");
        RuleFor(q => q.TreeSize).Must(s => s is null || LedgerParameters.TryParseCount(s, out _))
            .WithErrorCode("tree-size-invalid").WithMessage("treeSize is a whole number of leaves.");
        RuleFor(q => q).Must(q => q.Format != "jsonl" || (q.From is null && q.To is null && q.Basis is null))
            .WithErrorCode("time-range-unsupported").WithMessage("A jsonl export is the log from its first leaf; from, to and basis apply to csv.")
            .OverridePropertyName("from");
        RuleFor(q => q).Must(q => q.Format == "jsonl" || q.TreeSize is null)
            .WithErrorCode("tree-size-unsupported").WithMessage("treeSize applies to the jsonl export.").OverridePropertyName("treeSize");
    }
}

public sealed class ExportLedgerHandler(ILedgerReader ledger, ITransparencyLog log) : IQueryHandler<ExportLedgerQuery, LedgerExport>
{
    public async ValueTask<LedgerExport> Handle(ExportLedgerQuery query, CancellationToken cancellationToken)
    {
        if (query.Format != "jsonl")
        {
            var basis = LedgerParameters.Basis(query.Basis);
            var rows = ledger.ExportAsync(LedgerParameters.ParseTimeOrNull(query.From), LedgerParameters.ParseTimeOrNull(query.To), basis, cancellationToken);
            return new LedgerExport("text/csv; charset=utf-8", "ledger.csv", LedgerCsv.Lines(rows, cancellationToken));
        }

        var current = await log.SizeAsync(cancellationToken);
        var size = LedgerParameters.TryParseCount(query.TreeSize, out var asked) ? asked : current;
        if (size > current)
        {
            throw new RequestInvalidException("treeSize", "tree-size-too-large", $"The log holds {current} leaves; {size} is beyond it.");
        }

        return new LedgerExport("application/jsonl; charset=utf-8", "ledger.jsonl", LedgerJsonLines.Lines(ledger.InLeafOrderAsync(size, cancellationToken), cancellationToken));
    }
}
