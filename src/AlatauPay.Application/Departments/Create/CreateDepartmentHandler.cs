using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using Mediator;

namespace AlatauPay.Application.Departments.Create;

public sealed class CreateDepartmentHandler(
    IDepartmentRepository departments,
    IEnumerable<IPaymentMethodProvider> providers,
    TimeProvider clock) : ICommandHandler<CreateDepartmentCommand, DepartmentView>
{
    public async ValueTask<DepartmentView> Handle(CreateDepartmentCommand command, CancellationToken cancellationToken)
    {
        var wallets = new Dictionary<string, DepartmentWallet>();
        foreach (var (chain, input) in command.Wallets ?? new Dictionary<string, WalletInput>())
        {
            var provider = providers.First(p => p.WalletChain == chain);
            var key = provider.ParseWalletKey(input.Xpub!, $"wallets.{chain}.xpub");
            wallets[chain] = new DepartmentWallet(chain, key.ExtendedKey, key.Fingerprint, provider.Network!, 0);
        }

        var speed = SpeedPolicies.TryParse(command.SpeedPolicy, out var chosen) ? chosen : SpeedPolicy.Medium;
        var department = new Department(
            new DepartmentCode(command.Code!),
            command.Name!,
            [.. command.Services!.Select(s => new DepartmentService(new ServiceCode(s.Code!), s.Name!))],
            wallets,
            speed,
            clock.GetUtcNow());

        if (!await departments.TryAddAsync(department, cancellationToken))
        {
            throw new StateConflictException("department-exists", $"A department with code '{department.Code}' exists already.");
        }

        return DepartmentView.From(department);
    }
}
