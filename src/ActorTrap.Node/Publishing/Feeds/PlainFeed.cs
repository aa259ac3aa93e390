using System.Text;

namespace ActorTrap.Node.Publishing.Feeds;

/// <summary>
/// One network per line, as firewall and ipset scripts read it: <c>192.0.2.9</c>, <c>203.0.113.0/24</c>. An
/// incremental view (after a <c>since=</c> cursor) prefixes removed networks with <c>-</c>. Such scripts block what
/// they read, so harvester listings (issue 18) are left out unless <c>actortrap.traps.harvesters.block</c> is on; the
/// CSV and JSON feeds carry them with their class.
/// </summary>
internal static class PlainFeed
{
    public static string Render(FeedView view, bool harvesters = false)
    {
        var text = new StringBuilder(view.Listed.Count * 16);
        foreach (var listing in view.Listed)
        {
            if (!harvesters && listing.Class == Reputation.ListingClass.Harvester)
            {
                continue;
            }

            text.Append(ListingKey.Of(listing).ToString()).Append('\n');
        }

        foreach (var key in view.Delisted)
        {
            text.Append('-').Append(key.ToString()).Append('\n');
        }

        return text.ToString();
    }
}
