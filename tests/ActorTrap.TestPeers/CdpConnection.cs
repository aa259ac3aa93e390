using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorTrap.TestPeers;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one page target's WebSocket: commands with ids and their replies,
/// and the events a test wants to see afterwards (exceptions, console and log entries) kept in a bounded list.
/// </summary>
internal sealed class CdpConnection : IAsyncDisposable
{
    private const int MaxEvents = 500;

    private readonly ClientWebSocket socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> pending = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly CancellationTokenSource closing = new();
    private readonly List<string> events = [];
    private readonly Lock gate = new();
    private readonly Task receiving;
    private int nextId;

    private CdpConnection(ClientWebSocket socket)
    {
        this.socket = socket;
        receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Exceptions thrown in the page, console messages and browser log entries (CSP violations among them), as "kind: text".</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public static async Task<CdpConnection> ConnectAsync(Uri webSocketUrl, TimeSpan limit)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var cts = new CancellationTokenSource(limit);
        await socket.ConnectAsync(webSocketUrl, cts.Token);
        return new CdpConnection(socket);
    }

    /// <summary>Sends one command and waits (bounded) for its result; a protocol error becomes an exception with its message.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, TimeSpan? limit = null)
    {
        var id = Interlocked.Increment(ref nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await sending.WaitAsync(closing.Token);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, closing.Token);
        }
        finally
        {
            sending.Release();
        }

        try
        {
            return await reply.Task.WaitAsync(limit ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"chromium did not answer {method} within {limit ?? TimeSpan.FromSeconds(30)}");
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Dispatch(message.ToArray());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing, or the browser went away: whoever still waits gets the failure below.
        }

        foreach (var waiter in pending.Values)
        {
            waiter.TrySetException(new InvalidOperationException("the connection to chromium closed"));
        }
    }

    private void Dispatch(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement))
        {
            if (pending.TryGetValue(idElement.GetInt32(), out var waiter))
            {
                if (root.TryGetProperty("error", out var error))
                {
                    waiter.TrySetException(new InvalidOperationException($"chromium: {error}"));
                }
                else
                {
                    waiter.TrySetResult(root.GetProperty("result").Clone());
                }
            }

            return;
        }

        var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
        var text = method switch
        {
            "Runtime.exceptionThrown" => "exception: " + root.GetProperty("params").GetProperty("exceptionDetails"),
            "Runtime.consoleAPICalled" => "console: " + root.GetProperty("params").GetProperty("args"),
            "Log.entryAdded" => "log: " + root.GetProperty("params").GetProperty("entry"),
            _ => null,
        };
        if (text is not null)
        {
            lock (gate)
            {
                if (events.Count < MaxEvents)
                {
                    events.Add(text);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        try
        {
            await receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The process is killed next anyway.
        }

        socket.Abort();
        socket.Dispose();
        sending.Dispose();
        closing.Dispose();
    }
}
