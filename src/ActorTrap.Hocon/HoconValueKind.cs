namespace ActorTrap.Hocon;

/// <summary>The type of a resolved value.</summary>
public enum HoconValueKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}
