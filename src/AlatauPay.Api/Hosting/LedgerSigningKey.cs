using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Sqlite;
using AlatauPay.Signing;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// <c>AlatauPay:Ledger:SigningKeyFile</c>: the Ed25519 key that signs tree heads and receipts; unset, it lives beside
/// the SQLite file. A missing file is generated on first start, with a warning: auditors pin the key, so it
/// must be backed up and kept.
/// </summary>
internal static partial class LedgerSigningKey
{
    public const string Setting = "AlatauPay:Ledger:SigningKeyFile";
    public const string DefaultFileName = "ledger-signing-key.pem";

    public static IServiceCollection AddLedgerSigningKey(this IServiceCollection services, IConfiguration configuration)
    {
        return services.AddSingleton<ILedgerSigner>(provider =>
        {
            var beside = provider.GetService<SqliteDatabase>() is { } database ? Path.GetDirectoryName(Path.GetFullPath(database.DataSource)) : null;
            var path = configuration[Setting] is { Length: > 0 } configured ? configured : Path.Combine(beside ?? "data", DefaultFileName);
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("AlatauPay.Ledger");
            var (signer, created) = SigningKeyFile.LoadOrCreate(path);
            if (created)
            {
                LogCreated(logger, signer.KeyId, Path.GetFullPath(path));
            }
            else
            {
                LogLoaded(logger, signer.KeyId);
            }

            return signer;
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a new ledger signing key {KeyId} at {Path}; back it up: auditors pin it, and a lost key cannot be replaced without them noticing.")]
    private static partial void LogCreated(ILogger logger, string keyId, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger signing key {KeyId}")]
    private static partial void LogLoaded(ILogger logger, string keyId);
}
