using System.Net;
using System.Text.Json;
using ActorTrap.Cli.Tests.EndToEnd;

namespace ActorTrap.Cli.Tests.Detection;

/// <summary>
/// Reads a corpus node's judgement of one address through the admin API: the verdicts its sessions emitted
/// (<c>/api/verdicts/recent</c>) and, once the store has merged every verdict that carried evidence
/// (<c>/api/lookup/{ip}</c>'s <c>verdicts</c>), whether its own list holds the address. Every wait is bounded polling.
/// </summary>
internal sealed class CorpusObserver(RunningNode node)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public RunningNode Node => node;

    /// <summary>The verdicts for <paramref name="client"/>, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> VerdictsAsync(IPAddress client)
    {
        var recent = await node.GetJsonAsync("/api/verdicts/recent?n=1000");
        var text = client.ToString();
        return [.. recent.EnumerateArray().Where(v => v.GetProperty("client").GetString() == text).OrderBy(v => v.GetProperty("start").GetDateTimeOffset())];
    }

    /// <summary>Waits (bounded) until the node has judged <paramref name="count"/> sessions of <paramref name="client"/>; returns what it has then.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForVerdictsAsync(IPAddress client, int count, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var verdicts = await VerdictsAsync(client);
            if (verdicts.Count >= count || DateTime.UtcNow >= deadline)
            {
                return verdicts;
            }

            await Task.Delay(Poll);
        }
    }

    /// <summary>
    /// Whether <paramref name="client"/> is listed once every verdict in <paramref name="verdicts"/> that carried evidence
    /// (a sin or a virtue; clean ones are not stored) has been merged into the store and applied to the node's list.
    /// Not the score: a strong sin and a retry sum to 0 (2 - 2) and are stored all the same.
    /// </summary>
    public async Task<bool> ListedAsync(IPAddress client, IReadOnlyList<JsonElement> verdicts)
    {
        var scored = verdicts.Count(v => v.GetProperty("sins").GetArrayLength() > 0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        JsonElement lookup;
        while (true)
        {
            lookup = await node.GetJsonAsync($"/api/lookup/{client}");
            if (lookup.GetProperty("verdicts").GetInt64() >= scored)
            {
                break;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the store never merged {scored} verdict(s) of {client}; last lookup: {lookup}");
            }

            await Task.Delay(Poll);
        }

        // The shard merges into the store, then applies the result to the node's list in the same step: ask once more
        // so that a listing decided by the merge just seen is in the answer.
        return (await node.GetJsonAsync($"/api/lookup/{client}")).GetProperty("listed").GetBoolean();
    }

    /// <summary>The sins named in <paramref name="verdicts"/>, each once, in the order first seen.</summary>
    public static IReadOnlyList<string> Sins(IReadOnlyList<JsonElement> verdicts) =>
        [.. verdicts.SelectMany(v => v.GetProperty("sins").EnumerateArray().Select(s => s.GetString() ?? "")).Distinct()];
}
