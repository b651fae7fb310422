using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.ApiKeys.Create;

/// <summary>A new scoped key; <paramref name="Departments"/> restricts it to those departments when given.</summary>
public sealed record CreateApiKeyCommand(IReadOnlyList<string>? Scopes, IReadOnlyList<string>? Departments) : ICommand<CreatedApiKeyView>;

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Scopes).NotEmpty().WithErrorCode("scopes-required").WithMessage("scopes lists at least one scope.")
            .Must(s => s!.Distinct().Count() == s!.Count).WithErrorCode("scope-duplicate").WithMessage("Each scope is listed once.");
        RuleForEach(c => c.Scopes).Must(Scopes.IsKnown).WithErrorCode("scope-unknown")
            .WithMessage($"A scope is one of: {string.Join(", ", Scopes.All)}.");
        RuleFor(c => c.Departments).Must(d => d!.Count is >= 1 and <= 100).WithErrorCode("departments-invalid")
            .WithMessage("departments, when given, lists 1 to 100 department codes.").When(c => c.Departments is not null);
        RuleForEach(c => c.Departments).Must(Slug.IsValid).WithErrorCode("department-code-invalid")
            .WithMessage("A department code is 2-32 lowercase letters, digits or dashes.");
    }
}

public sealed class CreateApiKeyHandler(IApiKeyStore keys, IDepartmentRepository registry, Caller caller, TimeProvider clock)
    : ICommandHandler<CreateApiKeyCommand, CreatedApiKeyView>
{
    public async ValueTask<CreatedApiKeyView> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        // A restricted administrator hands out keys no wider than its own.
        var departments = await DepartmentFilter.ResolveAsync(command.Departments, caller, registry, cancellationToken);
        var secret = ApiKeySecret.New();
        var key = new StoredApiKey(
            RandomToken.New("key_"),
            ApiKeySecret.Hash(secret),
            ApiKeySecret.Hint(secret),
            [.. command.Scopes!],
            departments,
            clock.GetUtcNow(),
            null);
        await keys.AddAsync(key, cancellationToken);
        return new CreatedApiKeyView(key.Id, secret, key.Scopes, key.Departments, key.CreatedAt);
    }
}
