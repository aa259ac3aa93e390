using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActorTrap.TestPeers;

/// <summary>
/// A real headless Chromium (Debian package chromium) in a fresh profile, driven over the DevTools protocol: open a
/// page, evaluate script in it, wait (bounded) for a condition, change the viewport, take screenshots. Started with
/// no sandbox, GPU, background networking, component updates or sync, so it touches nothing but the loopback pages it
/// is sent to.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly PeerProcess process;
    private readonly PeerDirectory profile;
    private readonly CdpConnection page;

    private HeadlessChromium(PeerProcess process, PeerDirectory profile, CdpConnection page)
    {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    public string Output => process.Output;

    /// <summary>Exceptions thrown by page scripts, console messages and browser log entries (CSP violations, failed loads) so far.</summary>
    public IReadOnlyList<string> PageEvents => page.Events;

    /// <param name="width">Window width in CSS pixels (the laptop case: 1280).</param>
    /// <param name="height">Window height in CSS pixels.</param>
    public static async Task<HeadlessChromium> StartAsync(int width = 1280, int height = 1600, TimeSpan? limit = null)
    {
        var binary = PeerBinary.Require("chromium", "chromium");
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        var profile = new PeerDirectory("chromium-profile");
        var process = PeerProcess.Start("chromium", binary,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars", $"--user-data-dir={profile.Path}",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"), "about:blank",
        ]);
        try
        {
            // Port 0: chromium picks a free port and writes it to DevToolsActivePort in the profile.
            var portFile = Path.Combine(profile.Path, "DevToolsActivePort");
            int port;
            while (!TryReadPort(portFile, out port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new PeerStartException($"chromium did not open its DevTools port:\n{process.Output}");
                }

                await Task.Delay(50);
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var targets = await http.GetFromJsonAsync<JsonElement>("json/list");
            var target = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
            var connection = await CdpConnection.ConnectAsync(new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!), deadline - DateTime.UtcNow);
            await connection.SendAsync("Runtime.enable");
            await connection.SendAsync("Log.enable");
            await connection.SendAsync("Page.enable");
            return new HeadlessChromium(process, profile, connection);
        }
        catch
        {
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits (bounded) until the document has loaded.</summary>
    public async Task NavigateAsync(Uri url, TimeSpan? limit = null)
    {
        var result = await page.SendAsync("Page.navigate", new { url = url.ToString() });
        if (result.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"chromium could not open {url}: {error.GetString()}");
        }

        await WaitForAsync("document.readyState === 'complete'", limit ?? TimeSpan.FromSeconds(15));
    }

    /// <summary>Reloads the page (session storage survives, as in a real tab) and waits for it to load.</summary>
    public async Task ReloadAsync(TimeSpan? limit = null)
    {
        await page.SendAsync("Page.reload");
        await WaitForAsync("document.readyState === 'complete'", limit ?? TimeSpan.FromSeconds(15));
    }

    /// <summary>Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var reply = await page.SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (reply.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"the page threw evaluating {expression}: {exception}");
        }

        return reply.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> every 100 ms until it is truthy (then returns its value) or
    /// <paramref name="limit"/> passes (then throws with the last value and the page's events).
    /// </summary>
    public async Task<JsonElement> WaitForAsync(string expression, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        JsonElement last = default;
        while (true)
        {
            try
            {
                last = await EvaluateAsync(expression);
                if (Truthy(last))
                {
                    return last;
                }
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // A navigation in progress destroys the context the expression ran in; ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the page never satisfied `{expression}` within {limit}; last value: {last}\npage events:\n{string.Join('\n', PageEvents)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Focuses the element <paramref name="cssSelector"/> finds and types <paramref name="text"/> into it, as a user would.</summary>
    public async Task TypeAsync(string cssSelector, string text)
    {
        await EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(cssSelector)}).focus()");
        await page.SendAsync("Input.insertText", new { text });
    }

    /// <summary>Presses and releases Enter (submits the form whose field has the focus).</summary>
    public async Task PressEnterAsync()
    {
        await page.SendAsync("Input.dispatchKeyEvent", new { type = "keyDown", key = "Enter", code = "Enter", windowsVirtualKeyCode = 13, text = "\r" });
        await page.SendAsync("Input.dispatchKeyEvent", new { type = "keyUp", key = "Enter", code = "Enter", windowsVirtualKeyCode = 13 });
    }

    /// <summary>Emulates a viewport (a phone: 390 x 844, mobile); <see cref="ResetViewportAsync"/> goes back to the window.</summary>
    public async Task SetViewportAsync(int width, int height, bool mobile)
    {
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile });
    }

    public async Task ResetViewportAsync() => await page.SendAsync("Emulation.clearDeviceMetricsOverride");

    /// <summary>A PNG of the viewport, or of the whole page when <paramref name="fullPage"/>.</summary>
    public async Task<byte[]> ScreenshotAsync(bool fullPage = true)
    {
        object parameters = new { format = "png" };
        if (fullPage)
        {
            var size = (await page.SendAsync("Page.getLayoutMetrics")).GetProperty("cssContentSize");
            parameters = new
            {
                format = "png",
                captureBeyondViewport = true,
                clip = new { x = 0, y = 0, width = size.GetProperty("width").GetDouble(), height = size.GetProperty("height").GetDouble(), scale = 1 },
            };
        }

        var reply = await page.SendAsync("Page.captureScreenshot", parameters, TimeSpan.FromSeconds(30));
        return Convert.FromBase64String(reply.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await page.DisposeAsync();
        process.Dispose();
        profile.Dispose();
    }

    private static bool TryReadPort(string file, out int port)
    {
        port = 0;
        try
        {
            var lines = File.ReadAllLines(file);
            return lines.Length >= 2 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port > 0;
        }
        catch (IOException)
        {
            return false; // not written yet, or being written
        }
    }

    private static bool Truthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Object or JsonValueKind.Array => true,
        _ => false,
    };
}
