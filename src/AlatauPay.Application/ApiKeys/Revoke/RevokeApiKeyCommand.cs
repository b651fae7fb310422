using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.ApiKeys.Revoke;

/// <summary>Revokes a key for good; its next request is refused with 401. Revoking twice changes nothing.</summary>
public sealed record RevokeApiKeyCommand(string Id) : ICommand<ApiKeyView>;

public sealed class RevokeApiKeyHandler(IApiKeyStore keys, TimeProvider clock) : ICommandHandler<RevokeApiKeyCommand, ApiKeyView>
{
    public async ValueTask<ApiKeyView> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        _ = await keys.FindAsync(command.Id, cancellationToken)
            ?? throw new ResourceNotFoundException("api-key-not-found", $"There is no API key '{command.Id}'.");
        await keys.RevokeAsync(command.Id, clock.GetUtcNow(), cancellationToken);
        return ApiKeyView.From((await keys.FindAsync(command.Id, cancellationToken))!);
    }
}
