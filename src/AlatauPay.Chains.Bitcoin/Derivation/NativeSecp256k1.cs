using System.Runtime.InteropServices;

namespace AlatauPay.Chains.Bitcoin.Derivation;

/// <summary>
/// The three calls of the system's libsecp256k1 (Debian package <c>libsecp256k1-1</c>) that add a tweak to a
/// compressed public key, which is all BIP32 public child derivation needs from the curve. Loaded once per
/// process; <see cref="Instance"/> is null where the library is missing or fails its known-answer check, and
/// derivation then stays with NBitcoin's managed curve arithmetic.
/// </summary>
/// <remarks>
/// The context is created once and never destroyed: libsecp256k1 documents a context as safe to share between
/// threads for calls that do not modify it, and parse, tweak-add and serialise only read it.
/// </remarks>
internal sealed unsafe class NativeSecp256k1
{
    public const int CompressedKeyLength = 33;
    public const int TweakLength = 32;

    // SECP256K1_CONTEXT_VERIFY: libsecp256k1 0.2.0 takes it as SECP256K1_CONTEXT_NONE (deprecated, not refused),
    // and builds before 0.2.0 that libsecp256k1.so may point to need it for tweak_add, or abort the process.
    private const uint ContextVerify = 0x101;
    private const uint SerializeCompressed = 0x102;

    // secp256k1_pubkey: an opaque 64-byte structure owned by the caller.
    private const int PublicKeyStructLength = 64;

    private static readonly string[] LibraryNames = ["libsecp256k1.so.1", "libsecp256k1.so"];

    // The generator G and 2G, compressed: adding the tweak 1 to G must give 2G.
    private static readonly byte[] Generator = Convert.FromHexString("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    private static readonly byte[] TwiceGenerator = Convert.FromHexString("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");

    private readonly nint context;
    private readonly delegate* unmanaged<nint, byte*, byte*, nuint, int> parse;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> tweakAdd;
    private readonly delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int> serialize;

    private NativeSecp256k1(string libraryName, nint context, nint parse, nint tweakAdd, nint serialize)
    {
        LibraryName = libraryName;
        this.context = context;
        this.parse = (delegate* unmanaged<nint, byte*, byte*, nuint, int>)parse;
        this.tweakAdd = (delegate* unmanaged<nint, byte*, byte*, int>)tweakAdd;
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
        // The library reads and writes fixed lengths; a short span would be read past its end.
        if (compressedKey.Length != CompressedKeyLength || tweak.Length != TweakLength || sum.Length < CompressedKeyLength)
        {
            throw new ArgumentException($"Expected a {CompressedKeyLength}-byte key, a {TweakLength}-byte tweak and {CompressedKeyLength} bytes of output.");
        }

        Span<byte> point = stackalloc byte[PublicKeyStructLength];
        fixed (byte* key = compressedKey)
        fixed (byte* scalar = tweak)
        fixed (byte* parsed = point)
        fixed (byte* output = sum)
        {
            if (parse(context, parsed, key, CompressedKeyLength) != 1 || tweakAdd(context, parsed, scalar) != 1)
            {
                return false;
            }

            nuint written = CompressedKeyLength;
            return serialize(context, output, &written, parsed, SerializeCompressed) == 1 && written == CompressedKeyLength;
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
            || !NativeLibrary.TryGetExport(library, "secp256k1_ec_pubkey_tweak_add", out var tweakAdd)
            || !NativeLibrary.TryGetExport(library, "secp256k1_ec_pubkey_serialize", out var serialize))
        {
            return null;
        }

        var context = ((delegate* unmanaged<uint, nint>)create)(ContextVerify);
        return context == 0 ? null : new NativeSecp256k1(name, context, parse, tweakAdd, serialize);
    }

    private bool AddsTwoToOne()
    {
        Span<byte> one = stackalloc byte[TweakLength];
        one[^1] = 1;
        Span<byte> sum = stackalloc byte[CompressedKeyLength];
        return TryAddTweak(Generator, one, sum) && sum.SequenceEqual(TwiceGenerator);
    }
}
