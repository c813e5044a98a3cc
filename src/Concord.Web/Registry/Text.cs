using Concord.Web.Shared;

namespace Concord.Web.Registry;

/// <summary>Field checks shared by the registry forms and import files.</summary>
public static class Text
{
    public static void Required(string? value, string field, string label, int maxLength, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"请填写{label}。");
        }
        else
        {
            Optional(value, field, label, maxLength, errors);
        }
    }

    public static void Optional(string? value, string field, string label, int maxLength, FieldErrors errors)
    {
        if (value is not null && value.Trim().Length > maxLength)
        {
            errors.Add(field, $"{label}不能超过 {maxLength} 个字。");
        }
    }

    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
