using System.Runtime.InteropServices;

namespace AlatauPay.Chains.Bitcoin.Derivation;

/// <summary>
/// The calls of the system's libsecp256k1 (Debian package <c>libsecp256k1-1</c>) that add a tweak to a public
/// key, which is all BIP32 public child derivation needs from the curve: K + t·G, with t·G from the library's
/// generator tables (<c>secp256k1_ec_pubkey_create</c>) and the sum by <c>secp256k1_ec_pubkey_combine</c>.
/// That is about a quarter faster than <c>secp256k1_ec_pubkey_tweak_add</c>, whose multiplication walks all
/// 256 doublings for the point K it scales by one. Loaded once per process; <see cref="Instance"/> is null where
/// the library is missing or fails its known-answer check, and derivation then stays with NBitcoin's managed
/// curve arithmetic.
/// </summary>
/// <remarks>
/// The context is created once and never destroyed: libsecp256k1 documents a context as safe to share between
/// threads for calls that do not modify it, and parse, create, combine and serialise only read it.
/// </remarks>
internal sealed unsafe class NativeSecp256k1
{
    public const int CompressedKeyLength = 33;
    public const int TweakLength = 32;

    /// <summary>The length of <c>secp256k1_pubkey</c>, a parsed key: opaque, owned by the caller, safe to copy.</summary>
    public const int ParsedKeyLength = 64;

    // SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY: libsecp256k1 0.2.0 takes both as SECP256K1_CONTEXT_NONE
    // (deprecated, not refused), and builds before 0.2.0 that libsecp256k1.so may point to need SIGN for
    // pubkey_create, or abort the process.
    private const uint ContextSignAndVerify = 0x301;
    private const uint SerializeCompressed = 0x102;

    private static readonly string[] LibraryNames = ["libsecp256k1.so.1", "libsecp256k1.so"];

    // The generator G and 2G, compressed: adding the tweak 1 to G must give 2G.
    private static readonly byte[] Generator = Convert.FromHexString("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    private static readonly byte[] TwiceGenerator = Convert.FromHexString("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");

    private readonly nint context;
    private readonly delegate* unmanaged<nint, byte*, byte*, nuint, int> parse;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> create;
    private readonly delegate* unmanaged<nint, byte*, byte**, nuint, int> combine;
    private readonly delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int> serialize;

    private NativeSecp256k1(string libraryName, nint context, nint parse, nint create, nint combine, nint serialize)
    {
        LibraryName = libraryName;
        this.context = context;
        this.parse = (delegate* unmanaged<nint, byte*, byte*, nuint, int>)parse;
        this.create = (delegate* unmanaged<nint, byte*, byte*, int>)create;
        this.combine = (delegate* unmanaged<nint, byte*, byte**, nuint, int>)combine;
        this.serialize = (delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int>)serialize;
    }

    /// <summary>The loaded library, or null when this machine has none that works.</summary>
    public static NativeSecp256k1? Instance { get; } = Load();

    /// <summary>The file name the library was loaded by, for the log.</summary>
    public string LibraryName { get; }

    /// <summary>
    /// Writes <paramref name="compressedKey"/> + <paramref name="tweak"/>·G, compressed, to <paramref name="sum"/>;
    /// false when the key is not a point, the tweak is not below the group order, or the sum is the point at infinity.
    /// </summary>
    public bool TryAddTweak(ReadOnlySpan<byte> compressedKey, ReadOnlySpan<byte> tweak, Span<byte> sum)
    {
        Span<byte> parsed = stackalloc byte[ParsedKeyLength];
        return TryParse(compressedKey, parsed) && TryAddTweakToParsed(parsed, tweak, sum);
    }

    /// <summary>Parses a compressed public key once, for <see cref="TryAddTweakToParsed"/>; false when it is not a point.</summary>
    public bool TryParse(ReadOnlySpan<byte> compressedKey, Span<byte> parsed)
    {
        // The library reads and writes fixed lengths; a short span would be read past its end.
        if (compressedKey.Length != CompressedKeyLength || parsed.Length != ParsedKeyLength)
        {
            throw new ArgumentException($"Expected a {CompressedKeyLength}-byte key and {ParsedKeyLength} bytes for the parsed key.");
        }

        fixed (byte* key = compressedKey)
        fixed (byte* output = parsed)
        {
            return parse(context, output, key, CompressedKeyLength) == 1;
        }
    }

    /// <summary><see cref="TryAddTweak"/> on a key <see cref="TryParse"/> has parsed, which saves parsing it again for every child.</summary>
    public bool TryAddTweakToParsed(ReadOnlySpan<byte> parsedKey, ReadOnlySpan<byte> tweak, Span<byte> sum)
    {
        if (parsedKey.Length != ParsedKeyLength || tweak.Length != TweakLength || sum.Length < CompressedKeyLength)
        {
            throw new ArgumentException($"Expected a {ParsedKeyLength}-byte parsed key, a {TweakLength}-byte tweak and {CompressedKeyLength} bytes of output.");
        }

        Span<byte> tweakPoint = stackalloc byte[ParsedKeyLength];
        Span<byte> total = stackalloc byte[ParsedKeyLength];
        fixed (byte* key = parsedKey)
        fixed (byte* scalar = tweak)
        fixed (byte* term = tweakPoint)
        fixed (byte* result = total)
        fixed (byte* output = sum)
        {
            byte* summed;
            if (create(context, term, scalar) == 1)
            {
                var terms = stackalloc byte*[] { key, term };
                if (combine(context, result, terms, 2) != 1)
                {
                    return false; // K + t·G is the point at infinity.
                }

                summed = result;
            }
            else if (!tweak.ContainsAnyExcept((byte)0))
            {
                summed = key; // A zero tweak, which pubkey_create refuses as a secret key: K + 0·G is K.
            }
            else
            {
                return false; // The tweak is not below the group order.
            }

            nuint written = CompressedKeyLength;
            return serialize(context, output, &written, summed, SerializeCompressed) == 1 && written == CompressedKeyLength;
        }
    }

    private static NativeSecp256k1? Load()
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            var loaded = Bind(name, handle);
            if (loaded is not null && loaded.AddsTwoToOne())
            {
                return loaded;
            }
        }

        return null;
    }

    // The handle is kept for the life of the process, even when binding fails: freeing a library that has
    // already run its initialisers gains nothing here.
    private static NativeSecp256k1? Bind(string name, nint library)
    {
        if (!NativeLibrary.TryGetExport(library, "secp256k1_context_create", out var create)
            || !NativeLibrary.TryGetExport(library, "secp256k1_ec_pubkey_parse", out var parse)
            || !NativeLibrary.TryGetExport(library, "secp256k1_ec_pubkey_create", out var createKey)
            || !NativeLibrary.TryGetExport(library, "secp256k1_ec_pubkey_combine", out var combine)
            || !NativeLibrary.TryGetExport(library, "secp256k1_ec_pubkey_serialize", out var serialize))
        {
            return null;
        }

        var context = ((delegate* unmanaged<uint, nint>)create)(ContextSignAndVerify);
        return context == 0 ? null : new NativeSecp256k1(name, context, parse, createKey, combine, serialize);
    }

    private bool AddsTwoToOne()
    {
        Span<byte> one = stackalloc byte[TweakLength];
        one[^1] = 1;
        Span<byte> sum = stackalloc byte[CompressedKeyLength];
        return TryAddTweak(Generator, one, sum) && sum.SequenceEqual(TwiceGenerator);
    }
}
