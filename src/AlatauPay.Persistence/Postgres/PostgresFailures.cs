using Npgsql;

namespace AlatauPay.Persistence.Postgres;

/// <summary>Which PostgreSQL errors say "run it again" rather than "this request is wrong".</summary>
internal static class PostgresFailures
{
    public const string UniqueViolation = "23505";

    public static bool IsTransient(Exception? failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }
}
