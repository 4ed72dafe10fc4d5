using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NeuralDx7.Tests.Cli;

/// <summary>
/// A page in headless Chromium, driven over the DevTools protocol (a WebSocket and JSON, nothing else installed): open a
/// URL, evaluate script in it (awaiting promises), collect what its console reports, take a screenshot.
/// </summary>
internal sealed partial class ChromiumPage : IDisposable
{
    private readonly Process _browser;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;

    private ChromiumPage(Process browser) => _browser = browser;

    /// <summary>Messages the page's console logged as errors, and exceptions it did not catch.</summary>
    public ConcurrentQueue<string> ConsoleErrors { get; } = new();

    public static ChromiumPage Open(string url, string profileFolder)
    {
        var start = new ProcessStartInfo(Browser.Path ?? "chromium") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--mute-audio", "--remote-debugging-port=0", "--window-size=1280,1800",
            $"--user-data-dir={Path.Combine(profileFolder, $"profile-{Guid.NewGuid():N}")}", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var browser = Process.Start(start)!;
        var page = new ChromiumPage(browser);
        try
        {
            page.Connect().GetAwaiter().GetResult();
            page.Send("Runtime.enable");
            page.Send("Log.enable");
            page.Send("Page.enable");
            page.Send("Page.navigate", new JsonObject { ["url"] = url });
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (page.Evaluate("document.readyState")?.GetValue<string>() != "complete")
            {
                Assert.True(DateTime.UtcNow < deadline, $"{url} did not finish loading");
                Thread.Sleep(100);
            }
        }
        catch
        {
            page.Dispose();
            throw;
        }

        return page;
    }

    /// <summary>Evaluates an expression in the page (awaiting a promise it returns) and gives back its value as JSON.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var reply = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
        if (reply["exceptionDetails"] is JsonNode failure)
        {
            throw new InvalidOperationException($"The page threw: {failure.ToJsonString()}");
        }

        return reply["result"]?["value"]?.DeepClone();
    }

    public void Screenshot(string path) =>
        File.WriteAllBytes(path, Convert.FromBase64String(Send("Page.captureScreenshot", new JsonObject { ["captureBeyondViewport"] = true })["data"]!.GetValue<string>()));

    private JsonNode Send(string method, JsonObject? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token).GetAwaiter().GetResult();
        Assert.True(answer.Task.Wait(TimeSpan.FromMinutes(2)), $"Chromium did not answer {method}");
        var reply = answer.Task.Result;
        return reply["error"] is JsonNode error ? throw new InvalidOperationException($"{method}: {error.ToJsonString()}") : reply["result"]!;
    }

    private async Task Connect()
    {
        // "DevTools listening on ws://127.0.0.1:port/devtools/browser/..." names the port; the page's socket is in /json/list.
        string? line;
        int port = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (port == 0 && (line = await _browser.StandardError.ReadLineAsync()) is not null)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.True(DateTime.UtcNow < deadline, "Chromium did not open its DevTools port");
        }

        _ = _browser.StandardError.ReadToEndAsync();
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray();
        string socket = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        await _socket.ConnectAsync(new Uri(socket), _stop.Token);
        _ = Task.Run(Receive);
    }

    private async Task Receive()
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult part;
            try
            {
                part = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                return;
            }

            message.Write(buffer, 0, part.Count);
            if (!part.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is JsonNode id && _pending.TryRemove(id.GetValue<int>(), out var answer))
            {
                answer.SetResult(node);
            }
            else if (node["method"]?.GetValue<string>() is string method)
            {
                Observe(method, node["params"]);
            }
        }
    }

    private void Observe(string method, JsonNode? parameters)
    {
        switch (method)
        {
            case "Runtime.consoleAPICalled" when (parameters?["type"]?.GetValue<string>() is "error" or "assert"):
                ConsoleErrors.Enqueue(parameters["args"]?.ToJsonString() ?? "console.error");
                break;
            case "Runtime.exceptionThrown":
                ConsoleErrors.Enqueue(parameters?["exceptionDetails"]?.ToJsonString() ?? "exception");
                break;
            case "Log.entryAdded" when (parameters?["entry"]?["level"]?.GetValue<string>() == "error"):
                ConsoleErrors.Enqueue(parameters["entry"]!["text"]?.GetValue<string>() ?? "log error");
                break;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        if (!_browser.HasExited)
        {
            _browser.Kill(entireProcessTree: true);
            _browser.WaitForExit(10_000);
        }

        _browser.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex Listening();
}
