using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// A piece of markup. Written as an interpolated string (<c>Html h = $"&lt;td&gt;{name}&lt;/td&gt;";</c>), every value
/// put into it is HTML-encoded unless it is itself <see cref="Html"/> (or a sequence of them): the literal parts
/// are the page's markup, the values are data, and data can never become markup by mistake.
/// </summary>
[InterpolatedStringHandler]
public sealed class Html
{
    // Chinese stays readable in the page source; <, >, &, quotes and the like are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder text;

    public Html(int literalLength, int formattedCount) => text = new StringBuilder(literalLength + 16 * formattedCount);

    public static Html Empty => new(0, 0);

    public void AppendLiteral(string markup) => text.Append(markup);

    public void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case Html markup:
                text.Append(markup.text);
                break;
            case IEnumerable<Html> parts:
                foreach (var part in parts) text.Append(part.text);
                break;
            default:
                text.Append(Encoder.Encode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                break;
        }
    }

    /// <summary>The parts with the separator between them.</summary>
    public static Html Join(Html separator, IEnumerable<Html> parts)
    {
        var joined = Empty;
        foreach (var part in parts)
        {
            if (joined.text.Length > 0) joined.text.Append(separator.text);
            joined.text.Append(part.text);
        }
        return joined;
    }

    public override string ToString() => text.ToString();
}
