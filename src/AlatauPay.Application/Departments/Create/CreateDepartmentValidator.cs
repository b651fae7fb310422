using System.Text.Json;
using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using FluentValidation;
using FluentValidation.Results;

namespace AlatauPay.Application.Departments.Create;

public sealed class CreateDepartmentValidator : AbstractValidator<CreateDepartmentCommand>
{
    public const int MaxServices = 100;

    public CreateDepartmentValidator(IEnumerable<IPaymentMethodProvider> providers)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        var chains = providers.GroupBy(p => p.WalletChain).ToDictionary(g => g.Key, g => g.First());

        RuleFor(c => c.Code).Must(Slug.IsValid).WithErrorCode("department-code-invalid")
            .WithMessage("code is required: 2-32 lowercase letters, digits or dashes.");
        RuleFor(c => c.Name).NotEmpty().WithErrorCode("name-required").WithMessage("name is required.")
            .MaximumLength(200).WithErrorCode("name-too-long").WithMessage("name is at most 200 characters.");
        RuleFor(c => c.Services).NotEmpty().WithErrorCode("services-required")
            .WithMessage("A department bills for at least one service.")
            .Must(s => s!.Count <= MaxServices).WithErrorCode("services-too-many")
            .WithMessage($"A department has at most {MaxServices} services.")
            .Must(s => s!.Select(x => x?.Code).Distinct().Count() == s!.Count).WithErrorCode("service-duplicate")
            .WithMessage("Service codes are unique within a department.");
        RuleForEach(c => c.Services).ChildRules(service =>
        {
            service.RuleFor(s => s.Code).Must(Slug.IsValid).WithErrorCode("service-code-invalid")
                .WithMessage("code is required: 2-32 lowercase letters, digits or dashes.");
            service.RuleFor(s => s.Name).NotEmpty().WithErrorCode("name-required").WithMessage("name is required.")
                .MaximumLength(200).WithErrorCode("name-too-long").WithMessage("name is at most 200 characters.");
        }).When(c => c.Services is not null);
        RuleFor(c => c.SpeedPolicy).Must(p => p is null || SpeedPolicies.TryParse(p, out _))
            .WithErrorCode("speed-policy-invalid")
            .WithMessage($"speedPolicy is one of: {string.Join(", ", SpeedPolicies.Names)}.");
        RuleFor(c => c.Wallets).Custom((wallets, context) => CheckWallets(wallets, chains, context));
        RuleFor(c => c.PaymentTolerance).Must(t => t is null || Domain.Departments.PaymentTolerance.TryParse(t, out _))
            .WithErrorCode("payment-tolerance-invalid")
            .WithMessage("paymentTolerance is a percentage from 0 to 10 with at most two decimals, as a string (\"0.5\").");
        RuleFor(c => c.HighSpeedLimit).Must(l => l!.Currency == Currency.KZT.Code && Money.TryParse(l.Value, Currency.KZT, out var limit, out _) && limit.MinorUnits >= 0)
            .WithErrorCode("high-speed-limit-invalid")
            .WithMessage("highSpeedLimit is a KZT amount of zero or more, such as { \"currency\": \"KZT\", \"value\": \"50000.00\" }.")
            .When(c => c.HighSpeedLimit is not null);
    }

    private static void CheckWallets(
        IReadOnlyDictionary<string, WalletInput>? wallets,
        Dictionary<string, IPaymentMethodProvider> chains,
        ValidationContext<CreateDepartmentCommand> context)
    {
        foreach (var (chain, wallet) in wallets ?? new Dictionary<string, WalletInput>())
        {
            if (!chains.TryGetValue(chain, out var provider))
            {
                context.AddFailure(Failure($"wallets.{chain}", "wallet-chain-unknown", $"'{chain}' is not a chain this gateway knows: {string.Join(", ", chains.Keys)}."));
                continue;
            }

            var field = $"wallets.{chain}.{provider.WalletField}";
            var value = wallet?.ValueOf(provider.WalletField);
            if (string.IsNullOrWhiteSpace(value))
            {
                context.AddFailure(Failure(field, "wallet-key-required", $"{provider.WalletField} is required."));
            }
            else
            {
                try
                {
                    provider.ParseWalletKey(value, field);
                }
                catch (RequestInvalidException refused)
                {
                    foreach (var error in refused.Errors)
                    {
                        context.AddFailure(Failure(error.Field, error.Code, error.Message));
                    }
                }
            }

            CheckConfirmations(chain, wallet, provider, context);
        }
    }

    private static void CheckConfirmations(
        string chain, WalletInput? wallet, IPaymentMethodProvider provider, ValidationContext<CreateDepartmentCommand> context)
    {
        if (wallet?.Confirmations is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            return;
        }

        var field = $"wallets.{chain}.confirmations";
        if (!provider.AcceptsWalletConfirmations)
        {
            context.AddFailure(Failure(field, "wallet-confirmations-unsupported",
                $"{chain} payments follow speedPolicy; confirmations is set on EVM wallets only."));
        }
        else if (wallet.ConfirmationRule() is null)
        {
            context.AddFailure(Failure(field, "wallet-confirmations-invalid",
                $"confirmations is a block depth from 1 to {WalletConfirmations.MaxDepth} (a JSON number) or \"{WalletConfirmations.FinalizedName}\"."));
        }
    }

    private static ValidationFailure Failure(string field, string code, string message) =>
        new(field, message) { ErrorCode = code };
}
