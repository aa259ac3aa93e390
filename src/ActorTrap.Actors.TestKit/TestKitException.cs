namespace ActorTrap.Actors.TestKit;

/// <summary>A failed test-kit expectation; the message says what was expected and what arrived instead. Independent of any test framework.</summary>
public sealed class TestKitException : Exception
{
    public TestKitException()
    {
    }

    public TestKitException(string message)
        : base(message)
    {
    }

    public TestKitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
