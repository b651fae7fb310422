using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;
using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Tests;

/// <summary>
/// The invoice list as SQLite plans it: a filter by department or by status walks its index, newest first,
/// instead of the whole table. SQLite plans a statement before it sees its parameters, so only a statement
/// that names the filters given can use them.
/// </summary>
public sealed class SqliteInvoiceListPlanTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    public static TheoryData<string?, string?, bool, string> Filters => new()
    {
        { "water", null, false, "ix_invoices_department" },
        { "water", null, true, "ix_invoices_department" },
        { null, "settled", false, "ix_invoices_status" },
        { null, "settled", true, "ix_invoices_status" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task AFilteredListWalksItsIndexInOrder(string? department, string? status, bool afterCursor, string index)
    {
        var filter = new InvoiceFilter(
            department is null ? null : new DepartmentCode(department),
            status is null ? null : InvoiceVocabulary.ParseStatus(status));

        var plan = await PlanAsync(filter, afterCursor);

        Assert.Contains(plan, step => step.StartsWith("SEARCH invoices USING INDEX " + index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN invoices", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BothFiltersStillUseAnIndex()
    {
        var plan = await PlanAsync(new InvoiceFilter(new DepartmentCode("water"), InvoiceStatus.New), afterCursor: false);

        Assert.Contains(plan, step => step.StartsWith("SEARCH invoices USING INDEX ix_invoices_", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN invoices", StringComparison.Ordinal));
    }

    private async Task<List<string>> PlanAsync(InvoiceFilter filter, bool afterCursor)
    {
        await using var connection = await store.OpenRawAsync();
        var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + SqlInvoiceRepository.ListSql(SqlDialect.Sqlite, filter, afterCursor),
            new { department = filter.Department?.Value, status = filter.Status?.ToName(), departments = Array.Empty<string>(), after = "inv_x", limit = 10 });
        return [.. rows.Select(r => r.Detail)];
    }
}
