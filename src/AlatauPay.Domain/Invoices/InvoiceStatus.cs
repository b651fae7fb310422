namespace AlatauPay.Domain.Invoices;

public enum InvoiceStatus
{
    New,
    Processing,
    Settled,
    Expired,
    Invalid,
    Cancelled,
}

/// <summary>Exception flags beside the status, named as BTCPay Server names them.</summary>
[Flags]
public enum AdditionalStatus
{
    None = 0,
    PaidPartial = 1,
    PaidOver = 2,
    PaidLate = 4,
    Marked = 8,
}

/// <summary>The API's and webhooks' words for states and flags.</summary>
public static class InvoiceVocabulary
{
    public static string ToName(this InvoiceStatus status) => status switch
    {
        InvoiceStatus.New => "new",
        InvoiceStatus.Processing => "processing",
        InvoiceStatus.Settled => "settled",
        InvoiceStatus.Expired => "expired",
        InvoiceStatus.Invalid => "invalid",
        InvoiceStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static InvoiceStatus ParseStatus(string name) =>
        TryParseStatus(name, out var status) ? status : throw new DomainException("status-invalid", $"'{name}' is not an invoice status.");

    public static bool TryParseStatus(string? name, out InvoiceStatus status)
    {
        foreach (var candidate in Enum.GetValues<InvoiceStatus>())
        {
            if (candidate.ToName() == name)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static IReadOnlyList<string> ToNames(this AdditionalStatus flags)
    {
        var names = new List<string>(4);
        if (flags.HasFlag(AdditionalStatus.PaidPartial))
        {
            names.Add("paid_partial");
        }

        if (flags.HasFlag(AdditionalStatus.PaidOver))
        {
            names.Add("paid_over");
        }

        if (flags.HasFlag(AdditionalStatus.PaidLate))
        {
            names.Add("paid_late");
        }

        if (flags.HasFlag(AdditionalStatus.Marked))
        {
            names.Add("marked");
        }

        return names;
    }
}
