using System.Text.RegularExpressions;
using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using FluentValidation;

namespace AlatauPay.Application.Invoices.Create;

public sealed partial class CreateInvoiceValidator : AbstractValidator<CreateInvoiceCommand>
{
    private static readonly Money MaxAmount = Money.Parse(InvoicePolicy.MaxAmountKzt, Currency.KZT);

    public CreateInvoiceValidator(IEnumerable<IPaymentMethodProvider> providers)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        var configured = providers.Where(p => p.Network is not null).Select(p => p.Method.Code).ToHashSet();

        RuleFor(c => c.Department).NotEmpty().WithErrorCode("department-required")
            .WithMessage("department is required: the code of a department.")
            .Must(Slug.IsValid).WithErrorCode("department-code-invalid").WithMessage("department is a department code: 2-32 lowercase letters, digits or dashes.");
        RuleFor(c => c.Service).NotEmpty().WithErrorCode("service-required")
            .WithMessage("service is required: the code of one of the department's services.")
            .Must(Slug.IsValid).WithErrorCode("service-code-invalid").WithMessage("service is a service code: 2-32 lowercase letters, digits or dashes.");
        RuleFor(c => c.Payer).NotNull().WithErrorCode("payer-required").WithMessage("payer is required.");
        RuleFor(c => c.Payer!.Account).Must(a => a is not null && PayerAccount().IsMatch(a))
            .WithErrorCode("payer-account-invalid")
            .WithMessage("payer.account is 1-64 letters, digits, dots, dashes or underscores.")
            .When(c => c.Payer is not null);
        RuleFor(c => c.Payer!.Name).MaximumLength(200).WithErrorCode("payer-name-too-long")
            .WithMessage("payer.name is at most 200 characters.").When(c => c.Payer is not null);
        RuleFor(c => c.Amount).NotNull().WithErrorCode("amount-required").WithMessage("amount is required.");
        RuleFor(c => c.Amount!.Currency).Equal(Currency.KZT.Code).WithErrorCode("amount-currency-unsupported")
            .WithMessage("Invoices are priced in KZT.").When(c => c.Amount is not null);
        RuleFor(c => c.Amount!.Value).Custom((value, context) =>
        {
            var code = AmountRule(value, out var message);
            if (code is not null)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure("amount.value", message) { ErrorCode = code });
            }
        }).When(c => c.Amount is not null);
        RuleFor(c => c.Methods).NotEmpty().WithErrorCode("methods-required")
            .WithMessage("methods lists at least one payment method.")
            .Must(m => m!.Distinct().Count() == m!.Count).WithErrorCode("payment-method-duplicate")
            .WithMessage("Each payment method is listed once.");
        RuleForEach(c => c.Methods)
            .Must(m => Currency.TryParse(m, out var c) && c != Currency.KZT).WithErrorCode("payment-method-unknown")
            .WithMessage(m => $"Unknown payment method; known: {string.Join(", ", Currency.All.Where(c => c != Currency.KZT))}.")
            .Must(configured.Contains).WithErrorCode("payment-method-unavailable")
            .WithMessage($"This gateway is not configured for that method; configured: {string.Join(", ", configured)}.")
            .When(c => c.Methods is not null);
        RuleFor(c => c.Description).MaximumLength(InvoicePolicy.MaxDescriptionLength)
            .WithErrorCode("description-too-long").WithMessage($"description is at most {InvoicePolicy.MaxDescriptionLength} characters.");
        RuleFor(c => c.ExpiresInMinutes).InclusiveBetween(1, InvoicePolicy.MaxExpiresInMinutes)
            .WithErrorCode("expiry-out-of-range")
            .WithMessage($"expiresInMinutes is from 1 to {InvoicePolicy.MaxExpiresInMinutes}.");
        RuleFor(c => c.SpeedPolicy).Must(p => p is null || SpeedPolicies.TryParse(p, out _))
            .WithErrorCode("speed-policy-invalid")
            .WithMessage($"speedPolicy is one of: {string.Join(", ", SpeedPolicies.Names)}.");
        RuleFor(c => c.Metadata).Custom((metadata, context) =>
        {
            foreach (var (field, code, message) in MetadataFailures(metadata!))
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure(field, message) { ErrorCode = code });
            }
        }).When(c => c.Metadata is not null);
    }

    private static string? AmountRule(string? value, out string message)
    {
        if (!Money.TryParse(value, Currency.KZT, out var amount, out var code))
        {
            message = code switch
            {
                "amount-too-precise" => "KZT amounts have at most 2 decimals.",
                "amount-too-large" => $"amount.value is at most {InvoicePolicy.MaxAmountKzt}.",
                _ => "amount.value is a decimal string such as \"12345.67\".",
            };
            return code;
        }

        (message, code) = amount switch
        {
            { IsPositive: false } => ("amount.value is greater than zero.", "amount-not-positive"),
            _ when amount > MaxAmount => ($"amount.value is at most {InvoicePolicy.MaxAmountKzt}.", "amount-too-large"),
            _ => ("", null),
        };
        return code;
    }

    /// <summary>
    /// Metadata is a flat map of strings, as the API contract and the webhook schemas publish it: a null value
    /// is refused here rather than stored and sent on to receivers that validate against the schema.
    /// </summary>
    private static IEnumerable<(string Field, string Code, string Message)> MetadataFailures(IReadOnlyDictionary<string, string> metadata)
    {
        var size = $"metadata holds at most {InvoicePolicy.MaxMetadataKeys} keys of 1 to {InvoicePolicy.MaxMetadataKeyLength} characters, values up to {InvoicePolicy.MaxMetadataValueLength}.";
        if (metadata.Count > InvoicePolicy.MaxMetadataKeys)
        {
            yield return ("metadata", "metadata-too-large", size);
            yield break;
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > InvoicePolicy.MaxMetadataKeyLength)
            {
                yield return (key.Length == 0 ? "metadata" : $"metadata.{key[..InvoicePolicy.MaxMetadataKeyLength]}…", "metadata-too-large", size);
            }
            else if (value is null)
            {
                yield return ($"metadata.{key}", "invalid-type", $"'metadata.{key}' is a string; null is not a metadata value.");
            }
            else if (value.Length > InvoicePolicy.MaxMetadataValueLength)
            {
                yield return ($"metadata.{key}", "metadata-too-large", size);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PayerAccount();
}
