namespace ActorTrap.Cli.Tests.Detection;

/// <summary>A real MTA of the corpus, whatever its package: queue one message, force a queue run, show its log.</summary>
internal interface IMta : IAsyncDisposable
{
    string Log { get; }

    Task SendAsync(string from, string to);

    Task FlushAsync();
}
