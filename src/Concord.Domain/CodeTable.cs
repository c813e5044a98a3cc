namespace Concord.Domain;

/// <summary>
/// An enum's stable API codes and Chinese labels, kept in one table (channels of cases and of
/// events use it). Codes compare case-insensitively.
/// </summary>
public sealed class CodeTable<T>(params (T Value, string Code, string Label)[] rows)
    where T : struct, Enum
{
    public IEnumerable<T> All => rows.Select(r => r.Value);

    public string Code(T value) => Row(value).Code;

    public string Label(T value) => Row(value).Label;

    public bool TryParse(string? code, out T value)
    {
        foreach (var r in rows)
        {
            if (string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                value = r.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private (T Value, string Code, string Label) Row(T value) => rows.First(r => EqualityComparer<T>.Default.Equals(r.Value, value));
}
