namespace AlatauPay.Application.Invoices;

/// <summary>Limits on what an invoice may ask for.</summary>
public static class InvoicePolicy
{
    public const int DefaultExpiresInMinutes = 60;
    public const int MaxExpiresInMinutes = 30 * 24 * 60;

    /// <summary>Ten billion tenge: larger than any city bill, small enough to catch a mistyped amount.</summary>
    public const string MaxAmountKzt = "10000000000.00";

    public const int MaxDescriptionLength = 500;
    public const int MaxMetadataKeys = 50;
    public const int MaxMetadataKeyLength = 40;
    public const int MaxMetadataValueLength = 500;
}
