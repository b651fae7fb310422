namespace AlatauPay.Application.Ports;

/// <summary>Lets readiness checks ask whether the store answers, without knowing which store it is.</summary>
public interface IStorageProbe
{
    string Describe();

    /// <summary>Throws when the store cannot be reached or is not migrated.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
