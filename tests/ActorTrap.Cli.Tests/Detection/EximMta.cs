using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.Detection;

internal sealed class EximMta(EximSender exim) : IMta
{
    public string Log => exim.Log;

    public Task SendAsync(string from, string to) => exim.SendAsync(from, to);

    public Task FlushAsync() => exim.FlushAsync();

    public ValueTask DisposeAsync() => exim.DisposeAsync();
}
