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
}
