namespace Concord.Web.Events;

/// <summary>How event statuses look: tags in the colours staff know (open blue, waiting for others cyan, overdue red, done green).</summary>
public static class EventFmt
{
    public static string StatusClass(string status) => status switch
    {
        "Reported" => "text-bg-primary",
        "Escalated" => "text-bg-warning",
        "Dispatched" => "text-bg-info",
        "HandledInGrid" or "Replied" => "text-bg-info",
        "Closed" or "Rated" => "text-bg-success",
        _ => "text-bg-secondary",
    };

    /// <summary>
    /// Where an action's form sits on the event page (<c>/events/{code}#…</c>), so the phone page
    /// can send the user straight to it. Accepting and rejecting share the 核查 form.
    /// </summary>
    public static string Anchor(string action) => action switch
    {
        "HandleInGrid" => "handle",
        "Escalate" => "escalate",
        "Dispatch" => "dispatch",
        "Reply" => "reply",
        "ReturnToCentre" => "return",
        "AcceptHandling" or "RejectHandling" or "AcceptReply" or "RejectReply" => "verify",
        "ConvertToCase" => "convert",
        "Rate" => "rate",
        "Dismiss" => "dismiss",
        _ => "actions",
    };

    /// <summary>A button's colour by what the action does: done green, handing on amber, refusing red.</summary>
    public static string ActionClass(string action) => action switch
    {
        "HandleInGrid" or "AcceptHandling" or "AcceptReply" => "btn-success",
        "Escalate" => "btn-warning",
        "RejectHandling" or "RejectReply" or "ReturnToCentre" or "Dismiss" => "btn-outline-danger",
        _ => "btn-primary",
    };
}
