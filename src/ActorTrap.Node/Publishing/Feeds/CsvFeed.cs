using System.Globalization;
using System.Text;

namespace ActorTrap.Node.Publishing.Feeds;

/// <summary>
/// RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break), one listing per row,
/// reasons joined with <c>;</c>. <c>status</c> is <c>listed</c>, or <c>delisted</c> for a network removed since the cursor.
/// </summary>
internal static class CsvFeed
{
    public const string Header = "network,class,score,reasons,first_seen,last_seen,listed_at,expires,status";

    public static string Render(FeedView view)
    {
        var text = new StringBuilder(64 + (view.Listed.Count * 120));
        text.Append(Header).Append("\r\n");
        foreach (var l in view.Listed)
        {
            Field(text, ListingKey.Of(l).ToString()).Append(',');
            Field(text, FeedTime.Class(l.Class)).Append(',');
            Field(text, l.Score.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            Field(text, string.Join(';', l.Reasons)).Append(',');
            Field(text, FeedTime.Format(l.FirstSeen)).Append(',');
            Field(text, FeedTime.Format(l.LastSeen)).Append(',');
            Field(text, FeedTime.Format(l.ListedAt)).Append(',');
            Field(text, FeedTime.Format(l.Expires)).Append(",listed\r\n");
        }

        foreach (var key in view.Delisted)
        {
            Field(text, key.ToString()).Append(",,,,,,,,delisted\r\n");
        }

        return text.ToString();
    }

    private static StringBuilder Field(StringBuilder text, string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text.Append(value) : text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
}
