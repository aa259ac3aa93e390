using System.Net;

namespace ActorTrap.Node.Traps;

/// <summary>The trap page's text: one address per visit, as a link and as text, and the robots.txt that keeps crawlers away.</summary>
internal static class TrapPage
{
    public static string Html(string address) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><title>Contact</title></head>
        <body>
        <h1>Contact</h1>
        <p>Write to <a href="mailto:{{WebUtility.HtmlEncode(address)}}">{{WebUtility.HtmlEncode(address)}}</a>.</p>
        </body>
        </html>

        """;

    public static string Robots(string path) => $"User-agent: *\nDisallow: {path}\n";
}
