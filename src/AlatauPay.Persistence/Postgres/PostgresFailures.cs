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

    /// <summary>
    /// The server could not be reached or dropped the connection (restart, crash, shutdown, too many
    /// connections): nothing about the request was wrong, and it may be sent again.
    /// </summary>
    public static bool IsOutage(Exception? failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
