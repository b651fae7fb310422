using System.Globalization;
using System.Numerics;
using AlatauPay.Domain.Amounts;

namespace AlatauPay.Domain.Departments;

/// <summary>How far short of the amount due a payment may fall and still settle, in hundredths of a percent.</summary>
public readonly record struct PaymentTolerance
{
    public const int MaxBasisPoints = 1000;

    public static readonly PaymentTolerance None = new(0);

    public PaymentTolerance(int basisPoints)
    {
        if (basisPoints is < 0 or > MaxBasisPoints)
        {
            throw new DomainException("payment-tolerance-invalid", "paymentTolerance is a percentage from 0 to 10 with at most two decimals.");
        }

        BasisPoints = basisPoints;
    }

    public int BasisPoints { get; }

    /// <summary>Parses a percentage such as "0.5" or "2".</summary>
    public static bool TryParse(string? percent, out PaymentTolerance tolerance)
    {
        tolerance = None;
        if (!DecimalString.TryParse(percent, out var units, out var scale) || scale > 2 || units < 0)
        {
            return false;
        }

        var basisPoints = units * BigInteger.Pow(10, 2 - scale);
        if (basisPoints > MaxBasisPoints)
        {
            return false;
        }

        tolerance = new PaymentTolerance((int)basisPoints);
        return true;
    }

    /// <summary>The least payment that settles <paramref name="due"/>: due less the tolerance, rounded up.</summary>
    public Money Minimum(Money due)
    {
        var waived = (BigInteger)due.MinorUnits * BasisPoints / 10_000;
        return new Money(due.Currency, due.MinorUnits - (Int128)waived);
    }

    public string ToPercentString() =>
        BasisPoints % 100 == 0
            ? (BasisPoints / 100).ToString(CultureInfo.InvariantCulture)
            : $"{BasisPoints / 100}.{BasisPoints % 100:00}".TrimEnd('0');
}
