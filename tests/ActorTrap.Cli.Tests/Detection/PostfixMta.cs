using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.Detection;

internal sealed class PostfixMta(PostfixSender postfix) : IMta
{
    public string Log => postfix.Log;

    public Task SendAsync(string from, string to) => postfix.SendAsync(from, to);

    public Task FlushAsync() => postfix.FlushAsync();

    public ValueTask DisposeAsync() => postfix.DisposeAsync();
}
