using System.CommandLine;
using System.Text;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl listings [--class C] [--reason TEXT] [--network CIDR] [--limit N] [--after CURSOR] [--all]</c>: the
/// listings in force as the node serves them (its copy of the list), from <c>GET /api/listings</c>, a page at a time
/// in network order. <c>--all</c> follows the pages to the end; <c>--json</c> prints each page as the node sent it,
/// one a line.
/// </summary>
internal static class ListingsCommand
{
    private static readonly JsonColumn[] Columns =
    [
        new("network", "Network"),
        new("class", "Class"),
        JsonColumn.Right("score", "Score"),
        new("reasons", "Reasons"),
        new("listedAt", "Listed", (row, now) => row.TryGetProperty("listedAt", out var v) && JsonFormat.Time(v) is { } t ? JsonFormat.Ago(t, now) : "-"),
        new("expires", "Expires", (row, now) => row.TryGetProperty("expires", out var v) && JsonFormat.Time(v) is { } t ? JsonFormat.Ago(t, now) : "never"),
    ];

    public static Command Create(CtlOptions options)
    {
        var command = new Command("listings", "Show the listings in force (scored and manual), filtered, a page at a time");
        var listingClass = new Option<string?>("--class") { Description = "Only this class: behaviour, trap or manual" };
        var reason = new Option<string?>("--reason") { Description = "Only listings with a reason containing this text" };
        var network = new Option<string?>("--network") { Description = "Only listings inside this address or CIDR network, or covering it" };
        var limit = new Option<int?>("--limit") { Description = "Listings per page, 1 to 1000 (default 100)" };
        var after = new Option<string?>("--after") { Description = "Start after this cursor (the next page's cursor a page ends with)" };
        var all = new Option<bool>("--all") { Description = "Follow the pages to the last" };
        foreach (var option in new Option[] { listingClass, reason, network, limit, after, all })
        {
            command.Options.Add(option);
        }

        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var filters = Filters(result.GetValue(listingClass), result.GetValue(reason), result.GetValue(network), result.GetValue(limit));
            var cursor = Cursor(result.GetValue(after));
            var shown = 0;
            while (true)
            {
                var reply = await ctl.Client.GetAsync("api/listings" + filters + (cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor)), cancellationToken)
                    .ConfigureAwait(false);
                var next = reply.Json.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                var page = reply.Json.GetProperty("listings");
                shown += page.GetArrayLength();
                if (ctl.Json)
                {
                    ctl.WriteJson(reply.Body);
                }
                else
                {
                    ctl.Console.Write(JsonTable.Build(page, Columns, reply.NodeTime, "firstSeen", "lastSeen"));
                }

                if (next is null || !result.GetValue(all))
                {
                    if (!ctl.Json)
                    {
                        var matched = reply.Json.TryGetProperty("matched", out var m) ? JsonFormat.Number(m) : "?";
                        ctl.Note(next is null
                            ? $"{shown} listing(s) shown of {matched} matching"
                            : $"{shown} listing(s) shown of {matched} matching; next page: --after {next}");
                    }

                    return;
                }

                cursor = next;
            }
        });
        return command;
    }

    /// <summary>A cursor as a page ends with it, <c>CIDR,class</c>; anything else is a usage error (exit 2).</summary>
    private static string? Cursor(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var comma = text.LastIndexOf(',');
        var network = AddressInput.Network(comma < 0 ? text : text[..comma], "--after", exact: true);
        var listingClass = comma < 0 ? "" : text[(comma + 1)..].Trim().ToLowerInvariant();
        return listingClass is "behaviour" or "trap" or "manual"
            ? $"{network},{listingClass}"
            : throw CtlException.Usage($"--after takes the cursor a page ends with, such as 192.0.2.9/32,behaviour; got \"{SafeText.Plain(text, 80)}\"");
    }

    /// <summary>The query string without the cursor; what the node would refuse is refused here first (exit 2).</summary>
    private static string Filters(string? listingClass, string? reason, string? network, int? limit)
    {
        var query = new StringBuilder("?");
        if (listingClass is not null)
        {
            if (listingClass.Trim().ToLowerInvariant() is not ("behaviour" or "trap" or "manual"))
            {
                throw CtlException.Usage($"--class must be behaviour, trap or manual, got \"{SafeText.Plain(listingClass, 40)}\"");
            }

            query.Append("class=").Append(listingClass.Trim().ToLowerInvariant()).Append('&');
        }

        if (!string.IsNullOrWhiteSpace(reason))
        {
            query.Append("reason=").Append(Uri.EscapeDataString(reason.Trim())).Append('&');
        }

        if (network is not null)
        {
            var parsed = AddressInput.Network(network, "--network", exact: true);
            query.Append("network=").Append(Uri.EscapeDataString(parsed.ToString())).Append('&');
        }

        if (limit is { } l)
        {
            query.Append("limit=").Append(l is >= 1 and <= 1000 ? l : throw CtlException.Usage("--limit must be from 1 to 1000")).Append('&');
        }

        return query.ToString().TrimEnd('&', '?') is { Length: > 0 } q ? q : "?";
    }
}
