using System.Text.Json;
using AlatauPay.Application.ApiKeys;
using AlatauPay.Application.ApiKeys.Create;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Cli;

/// <summary>The same rules and storage as <c>/v1/api-keys</c>; the secret is printed once and never stored.</summary>
internal sealed class KeyCommands(IServiceProvider services, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<int> CreateAsync(IReadOnlyList<string> scopes, IReadOnlyList<string>? departments, CancellationToken cancellationToken)
    {
        var command = new CreateApiKeyCommand(scopes, departments);
        var result = await services.GetRequiredService<IValidator<CreateApiKeyCommand>>().ValidateAsync(command, cancellationToken);
        if (!result.IsValid)
        {
            foreach (var failure in result.Errors)
            {
                await error.WriteLineAsync($"{failure.ErrorCode}: {failure.ErrorMessage}");
            }

            return 1;
        }

        var secret = ApiKeySecret.New();
        var key = new StoredApiKey(
            RandomToken.New("key_"), ApiKeySecret.Hash(secret), ApiKeySecret.Hint(secret), [.. scopes], departments,
            services.GetRequiredService<TimeProvider>().GetUtcNow(), null);
        await InTransactionAsync(store => store.AddAsync(key, cancellationToken), cancellationToken);
        await output.WriteLineAsync(JsonSerializer.Serialize(new CreatedApiKeyView(key.Id, secret, key.Scopes, key.Departments, key.CreatedAt), Json));
        return 0;
    }

    public async Task<int> ListAsync(CancellationToken cancellationToken)
    {
        string? after = null;
        IReadOnlyList<StoredApiKey> page;
        do
        {
            page = await services.GetRequiredService<IApiKeyStore>().ListAsync(Paging.MaxLimit, after, cancellationToken);
            foreach (var key in page)
            {
                var state = key.RevokedAt is null ? "active" : "revoked";
                await output.WriteLineAsync($"{key.Id}\t{key.Hint}\t{state}\t{string.Join(',', key.Scopes)}\t{string.Join(',', key.Departments ?? ["*"])}");
            }

            after = page.Count > 0 ? page[^1].Id : null;
        }
        while (page.Count == Paging.MaxLimit);

        return 0;
    }

    public async Task<int> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<IApiKeyStore>().FindAsync(id, cancellationToken) is null)
        {
            await error.WriteLineAsync($"api-key-not-found: there is no API key '{id}'.");
            return 1;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await InTransactionAsync(store => store.RevokeAsync(id, now, cancellationToken), cancellationToken);
        await output.WriteLineAsync($"{id} revoked");
        return 0;
    }

    private async Task InTransactionAsync(Func<IApiKeyStore, Task> work, CancellationToken cancellationToken)
    {
        var unitOfWork = services.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(cancellationToken);
        try
        {
            await work(services.GetRequiredService<IApiKeyStore>());
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
