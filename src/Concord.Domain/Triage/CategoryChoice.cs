using Concord.Domain.Cases;

namespace Concord.Domain.Triage;

/// <summary>
/// The clerk's decision on a suggested category: what was suggested (if anything), what was
/// chosen, and whether that was an override — recorded on the case timeline so that overrides
/// can be counted and fed back as new labelled narratives.
/// </summary>
public sealed record CategoryChoice(string ChosenCode, string? SuggestedCode, double? SuggestedConfidence)
{
    public bool Overridden => SuggestedCode is not null && !string.Equals(SuggestedCode, ChosenCode, StringComparison.Ordinal);

    /// <summary>The timeline line, e.g. "类别改为：物业（系统建议：邻里，置信度 55%）".</summary>
    public string TimelineNote => SuggestedCode is null
        ? $"类别确定为：{Categories.NameOf(ChosenCode)}（无系统建议）"
        : Overridden
            ? $"类别改为：{Categories.NameOf(ChosenCode)}（系统建议：{Categories.NameOf(SuggestedCode)}，置信度 {CategorySuggestion.Percent(SuggestedConfidence ?? 0)}）"
            : $"确认系统建议类别：{Categories.NameOf(ChosenCode)}（置信度 {CategorySuggestion.Percent(SuggestedConfidence ?? 0)}）";

    public static CategoryChoice Decide(CategorySuggestion? suggestion, string chosenCode)
    {
        if (Categories.Find(chosenCode) is null)
        {
            throw new ArgumentException($"Unknown category code {chosenCode}.", nameof(chosenCode));
        }

        return new CategoryChoice(chosenCode, suggestion?.CategoryCode, suggestion?.Confidence);
    }
}
