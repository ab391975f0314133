namespace Shuangsuiji.Draws.Candidates;

/// <summary>
/// A USCC packed into 128 bits, six bits per character ('0'..'Z' as 0..42), first character highest: keys
/// compare exactly as the codes do in byte order (the canonical order of docs/domain.md, the draw), so ten million of them sort
/// and compare as numbers, in 16 bytes each instead of a string apiece.
/// </summary>
public static class UsccKey
{
    public const int Length = 18;

    public static bool TryEncode(ReadOnlySpan<char> uscc, out UInt128 key)
    {
        key = 0;
        if (uscc.Length != Length) return false;
        foreach (var c in uscc)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c)) return false;
            key = (key << 6) | (uint)(c - '0');
        }
        return true;
    }

    public static UInt128 Encode(string uscc) =>
        TryEncode(uscc, out var key) ? key : throw new ArgumentException($"{uscc} is not 18 digits and capital letters", nameof(uscc));

    /// <summary>Writes the code's 18 ASCII bytes: three 36-bit parts of six characters, shifted as 64-bit numbers.</summary>
    public static void Write(UInt128 key, Span<byte> ascii)
    {
        const ulong part = (1UL << 36) - 1;
        WriteSix((ulong)(key >> 72) & part, ascii[..6]);
        WriteSix((ulong)(key >> 36) & part, ascii[6..12]);
        WriteSix((ulong)key & part, ascii[12..18]);
    }

    private static void WriteSix(ulong bits, Span<byte> ascii)
    {
        for (var i = 5; i >= 0; i--, bits >>= 6) ascii[i] = (byte)('0' + (int)(bits & 63));
    }

    /// <summary>The code as a string, from its ASCII bytes: shifting a 128-bit number per character is several times slower.</summary>
    public static string Decode(UInt128 key)
    {
        Span<byte> ascii = stackalloc byte[Length];
        Write(key, ascii);
        return System.Text.Encoding.ASCII.GetString(ascii);
    }
}
