using System.Text.Encodings.Web;
using System.Text.Json;
using ActorTrap.Node.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ActorTrap.Node.Hosting;

/// <summary>The node's log: stdout, one event a line, text or JSON, filtered by <c>actortrap.log</c>.</summary>
internal static class NodeLogging
{
    /// <summary>Timestamps in both formats: UTC, milliseconds, a literal Z (sorts as text, greps without escapes).</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static ILoggerFactory CreateFactory(LogOptions options, bool json) => LoggerFactory.Create(b =>
    {
        b.SetMinimumLevel(options.Level);
        // The web host's own chatter stays out of the node's log unless something is wrong (or a category asks for it).
        b.AddFilter("Microsoft", options.Level > LogLevel.Warning ? options.Level : LogLevel.Warning);
        foreach (var (category, level) in options.Categories)
        {
            b.AddFilter(category, level);
        }

        if (json)
        {
            b.AddJsonConsole(o =>
            {
                o.TimestampFormat = TimestampFormat;
                o.UseUtcTimestamp = true;
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = Encoder, Indented = false };
            });
        }
        else
        {
            b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = TimestampFormat + " ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    });

    /// <summary>
    /// JSON as people read it: '+', '"' inside text, '&lt;', '&gt;', '&amp;', '\'' and non-ASCII written as themselves, not
    /// as \u002B... The log is not HTML, so the relaxed encoder's one risk (text pasted into a page) does not apply;
    /// what a JSON line must escape still is (quote, backslash, control characters: no line can be split or
    /// forged), and client text is escaped before it gets here (<see cref="Logging.LogText"/>).
    /// </summary>
    internal static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
