using System.Text;

namespace ActorTrap.Node.Publishing.Feeds;

/// <summary>
/// One network per line, as firewall and ipset scripts read it: <c>192.0.2.9</c>, <c>203.0.113.0/24</c>. An
/// incremental view (after a <c>since=</c> cursor) prefixes removed networks with <c>-</c>.
/// </summary>
internal static class PlainFeed
{
    public static string Render(FeedView view)
    {
        var text = new StringBuilder(view.Listed.Count * 16);
        foreach (var listing in view.Listed)
        {
            text.Append(ListingKey.Of(listing).ToString()).Append('\n');
        }

        foreach (var key in view.Delisted)
        {
            text.Append('-').Append(key.ToString()).Append('\n');
        }

        return text.ToString();
    }
}
