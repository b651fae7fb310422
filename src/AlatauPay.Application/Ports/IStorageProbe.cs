namespace AlatauPay.Application.Ports;

/// <summary>Lets readiness checks ask whether the store answers, without knowing which store it is.</summary>
public interface IStorageProbe
{
    string Describe();

    /// <summary>Throws when the store cannot be reached or is not migrated.</summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="failure"/> says the store could not be reached (down, restarting, out of
    /// connections) rather than that the request was wrong: the request may be sent again shortly.
    /// </summary>
    bool IsOutage(Exception failure) => false;
}
