using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>Tagged trap addresses and the trap page, event ids 7000-7019. Keys never reach a log line; a local part is escaped.</summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Information, "Trap page serving {Path} on http://{Endpoint} with addresses at {Domains}")]
    public static partial void TrapPageListening(ILogger logger, string path, string endpoint, string domains);

    [LoggerMessage(7001, LogLevel.Information, "Tagged trap address used: harvested by {Harvester} at {HarvestedAt:u}, sent to by {Spammer} after {Delay}")]
    public static partial void TaggedAddressUsed(ILogger logger, string harvester, DateTimeOffset harvestedAt, string spammer, string delay);

    [LoggerMessage(7002, LogLevel.Information, "Tagged trap address older than max-age used by {Spammer}: harvested by {Harvester} at {HarvestedAt:u}, kept as evidence, harvester not listed")]
    public static partial void TaggedAddressTooOld(ILogger logger, string spammer, string harvester, DateTimeOffset harvestedAt);

    [LoggerMessage(7003, LogLevel.Debug, "Recipient at a tagged trap domain did not open ({Status}): {LocalPart} from {Spammer}")]
    public static partial void TaggedAddressNotOpened(ILogger logger, string status, string localPart, string spammer);

    [LoggerMessage(7004, LogLevel.Information, "Tagged trap address used by {Spammer}, harvester {Harvester} not listed: {Why}")]
    public static partial void HarvesterExempt(ILogger logger, string spammer, string harvester, string why);

    [LoggerMessage(7005, LogLevel.Warning, "Trap page rate limiter remembers {Clients} clients, its cap; new clients are refused until idle ones are forgotten")]
    public static partial void TrapPageClientsFull(ILogger logger, int clients);

    [LoggerMessage(7006, LogLevel.Information, "Trap page stopped")]
    public static partial void TrapPageStopped(ILogger logger);

    [LoggerMessage(7007, LogLevel.Information, "Trap token keys reloaded: {Keys} keys, current {Current}")]
    public static partial void TrapKeysReloaded(ILogger logger, int keys, int current);
}
