using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing;

/// <summary>
/// The TXT text of a listing, from <c>actortrap.publish.dns.txt</c>. As in rbldnsd, <c>$</c> is the listed address and
/// <c>$$</c> a dollar sign; ours adds <c>{reasons}</c>, <c>{listed}</c> (UTC, ISO 8601), <c>{expires}</c>,
/// <c>{class}</c> and <c>{reporters}</c> (<c>"; reported by det-a, det-b"</c>, empty without UDP feed reporters). The result is printable ASCII cut to 254 characters (rbldnsd's limit), so the built-in
/// responder and rbldnsd fed our export answer the same text.
/// </summary>
internal sealed class TxtTemplate
{
    /// <summary>
    /// One TXT character-string holds at most 255 bytes (RFC 1035 3.3); rbldnsd (1.0 as Debian 12 packages it) cuts its TXT answers at 254 characters,
    /// and so do we, so that a zone served by either answers the same text.
    /// </summary>
    public const int MaxLength = 254;

    private static readonly string[] Placeholders = ["reasons", "listed", "expires", "class", "reporters"];

    private readonly List<(string? Literal, string? Placeholder)> parts;

    private TxtTemplate(List<(string?, string?)> parts, string text)
    {
        this.parts = parts;
        Text = text;
    }

    public string Text { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out TxtTemplate? template, [NotNullWhen(false)] out string? error)
    {
        template = null;
        var parts = new List<(string?, string?)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < ' ' or > '~')
            {
                error = $"only printable ASCII is allowed (character {i + 1} is U+{(int)c:X4})";
                return false;
            }

            if (c == '$')
            {
                if (i + 1 < text.Length && text[i + 1] == '$')
                {
                    literal.Append('$');
                    i++;
                    continue;
                }

                if (i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '='))
                {
                    error = $"\"${text[i + 1]}\" is an rbldnsd substitution variable, which this template does not define; write $$ for a dollar sign";
                    return false;
                }

                Flush();
                parts.Add((null, "$"));
                continue;
            }

            if (c == '{')
            {
                var close = text.IndexOf('}', i);
                var name = close < 0 ? string.Empty : text[(i + 1)..close];
                if (name.Length > 0 && name.All(char.IsAsciiLetter))
                {
                    if (!Placeholders.Contains(name))
                    {
                        error = $"unknown placeholder {{{name}}}; the placeholders are $ (the address), {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}";
                        return false;
                    }

                    Flush();
                    parts.Add((null, name));
                    i = close;
                    continue;
                }
            }

            literal.Append(c);
        }

        Flush();
        template = new TxtTemplate(parts, text);
        error = null;
        return true;

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), null));
                literal.Clear();
            }
        }
    }

    /// <summary>The TXT answer for <paramref name="listing"/> queried as <paramref name="address"/>.</summary>
    public string Expand(Listing listing, string address)
    {
        var text = Render(listing, address, escapeDollar: false);
        return text.Length > MaxLength ? text[..MaxLength] : text;
    }

    /// <summary>The same text for an rbldnsd data line: the address left as <c>$</c> for rbldnsd, literal dollars doubled.</summary>
    public string ExpandForRbldnsd(Listing listing) => Render(listing, null, escapeDollar: true);

    private string Render(Listing listing, string? address, bool escapeDollar)
    {
        var text = new StringBuilder(128);
        foreach (var (literal, placeholder) in parts)
        {
            var value = placeholder switch
            {
                null => literal!,
                "$" => address ?? "$",
                // A harvest reads as words: "harvested 2026-12-06T10:00Z, used by 192.0.2.9 after 3h" (issue 18).
                "reasons" => string.Join(", ", listing.Reasons.Select(r => Printable(Traps.HarvestReason.Describe(r)))),
                "listed" => Time(listing.ListedAt),
                "expires" => listing.Expires is { } e ? Time(e) : "never",
                "reporters" => listing.Reporters.Count == 0 ? "" : "; reported by " + string.Join(", ", listing.Reporters.Select(Printable)),
                _ => listing.Class.ToString().ToLowerInvariant(),
            };
            text.Append(escapeDollar && placeholder != "$" ? value.Replace("$", "$$", StringComparison.Ordinal) : value);
        }

        return text.ToString();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Reasons are ours (sin names, zones) or an operator's words; keep whatever reaches the wire plain ASCII.
    private static string Printable(string reason) =>
        string.Create(reason.Length, reason, static (span, r) =>
        {
            for (var i = 0; i < r.Length; i++)
            {
                span[i] = r[i] is >= ' ' and <= '~' ? r[i] : '?';
            }
        });
}
