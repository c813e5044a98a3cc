namespace Concord.Domain.Privacy;

public static class PersonName
{
    /// <summary>张*华: keeps the family name and, for longer names, the last character.</summary>
    public static string Mask(string name)
    {
        name = name.Trim();
        return name.Length switch
        {
            0 => "",
            1 => "*",
            2 => name[0] + "*",
            _ => name[0] + new string('*', name.Length - 2) + name[^1],
        };
    }
}
