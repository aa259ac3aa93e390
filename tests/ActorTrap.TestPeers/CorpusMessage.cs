namespace ActorTrap.TestPeers;

/// <summary>The message the real MTAs of the detection corpus send (Postfix and Exim alike).</summary>
public static class CorpusMessage
{
    public static string Text(string from, string to, string subject) =>
        $"From: <{from}>\nTo: <{to}>\nSubject: {subject}\n\nA message from the detection corpus.\n";
}
