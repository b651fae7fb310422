using AlatauPay.Application.Access;
using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using Mediator;

namespace AlatauPay.Application.Departments.Create;

public sealed class CreateDepartmentHandler(
    IDepartmentRepository departments,
    IEnumerable<IPaymentMethodProvider> providers,
    Caller caller,
    TimeProvider clock) : ICommandHandler<CreateDepartmentCommand, DepartmentView>
{
    public async ValueTask<DepartmentView> Handle(CreateDepartmentCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureMayAccess(command.Code!, "code");
        var code = new DepartmentCode(command.Code!);
        if (await departments.FindAsync(code, cancellationToken) is not null)
        {
            throw Exists(code);
        }

        var department = new Department(
            code,
            command.Name!,
            [.. command.Services!.Select(s => new DepartmentService(new ServiceCode(s.Code!), s.Name!))],
            await WalletsAsync(command.Wallets ?? new Dictionary<string, WalletInput>(), cancellationToken),
            SpeedPolicies.TryParse(command.SpeedPolicy, out var chosen) ? chosen : SpeedPolicy.Medium,
            clock.GetUtcNow())
        {
            Tolerance = PaymentTolerance.TryParse(command.PaymentTolerance, out var tolerance) ? tolerance : PaymentTolerance.None,
            HighSpeedLimit = command.HighSpeedLimit is { Value: { } limit } ? Money.Parse(limit, Currency.KZT) : Department.DefaultHighSpeedLimit,
        };

        return await departments.TryAddAsync(department, cancellationToken)
            ? DepartmentView.From(department)
            : throw Exists(code);
    }

    private async Task<Dictionary<string, DepartmentWallet>> WalletsAsync(
        IReadOnlyDictionary<string, WalletInput> inputs, CancellationToken cancellationToken)
    {
        var wallets = new Dictionary<string, DepartmentWallet>();
        foreach (var (chain, input) in inputs)
        {
            var provider = providers.First(p => p.WalletChain == chain);
            var field = $"wallets.{chain}.{provider.WalletField}";
            var key = provider.ParseWalletKey(input.ValueOf(provider.WalletField)!, field);
            if (await departments.FindWalletOwnerAsync(chain, key.ExtendedKey, cancellationToken) is { } owner)
            {
                throw new StateConflictException("wallet-key-in-use",
                    $"Department '{owner}' registered this {chain} key (fingerprint {key.Fingerprint}); each department needs its own account key.", field);
            }

            wallets[chain] = new DepartmentWallet(chain, key.ExtendedKey, key.Fingerprint, provider.Network!, 0)
            {
                Confirmations = input.ConfirmationRule(),
            };
        }

        return wallets;
    }

    private static StateConflictException Exists(DepartmentCode code) =>
        new("department-exists", $"A department with code '{code}' exists already.", "code");
}
