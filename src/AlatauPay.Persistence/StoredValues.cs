using System.Globalization;
using System.Numerics;

namespace AlatauPay.Persistence;

/// <summary>
/// How values are written to either store and read back exactly: amounts as decimal text (PostgreSQL casts
/// them to and from numeric(78,0) in SQL), times as text to the 100 ns tick, which timestamptz could not hold.
/// </summary>
internal static class StoredValues
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc));

    public static string Integer(Int128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Integer(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    public static Int128 Int128(string text) => System.Int128.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static BigInteger BigInteger(string text) => System.Numerics.BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
