namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish</c>: how this node passes its blacklist on to other mail servers.</summary>
/// <param name="PollInterval">How often the exports and feeds compare the local blacklist with what they last published.</param>
public sealed record PublishOptions(
    TimeSpan PollInterval,
    DnsPublishOptions Dns,
    RbldnsdExportOptions Rbldnsd,
    HttpFeedOptions HttpFeed,
    UdpFeedOptions UdpFeed);
