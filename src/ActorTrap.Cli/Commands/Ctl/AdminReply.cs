using System.Text.Json;

namespace ActorTrap.Cli.Commands.Ctl;

/// <param name="Body">The JSON exactly as the node sent it (what <c>--json</c> prints).</param>
/// <param name="NodeTime">The node's clock from the HTTP Date header, so ages are not skewed by the operator's clock.</param>
internal sealed record AdminReply(string Body, JsonElement Json, DateTimeOffset NodeTime);
