using Concord.Domain.Deadlines;

namespace Concord.Web.Deadlines;

/// <summary>How stages and steps read in Chinese, and how a stage is named in a URL.</summary>
public static class DeadlineTexts
{
    public static string StageLabel(SlaStage stage) => stage switch
    {
        SlaStage.Acceptance => "受理",
        SlaStage.SameDay => "当日处置",
        SlaStage.Mediation => "调解",
        SlaStage.Verification => "核查",
        SlaStage.Disposal => "部门办理",
        _ => stage.ToString(),
    };

    public static string StepLabel(DeadlineStep step) => step switch
    {
        DeadlineStep.None => "正常",
        DeadlineStep.Reminded => "已提醒",
        DeadlineStep.Warned => "已超期预警",
        DeadlineStep.Escalated => "已升级督办",
        _ => step.ToString(),
    };

    /// <summary><c>acceptance</c>, <c>same-day</c>, <c>mediation</c>, <c>verification</c>, <c>disposal</c>.</summary>
    public static string Slug(SlaStage stage) => stage switch
    {
        SlaStage.SameDay => "same-day",
        _ => stage.ToString().ToLowerInvariant(),
    };

    public static SlaStage? ParseSlug(string? slug) =>
        Enum.GetValues<SlaStage>().Cast<SlaStage?>().FirstOrDefault(s => string.Equals(Slug(s!.Value), slug, StringComparison.OrdinalIgnoreCase));
}
