using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Concord.Web.Shared;

/// <summary>Base for pages: the actor, and field errors from handlers shown beside their fields.</summary>
public abstract class ConcordPage : PageModel
{
    public Actor Actor => HttpContext.RequestServices.GetRequiredService<CurrentActor>().Actor;

    public IReadOnlyDictionary<string, string[]> FieldErrors { get; private set; } = new Dictionary<string, string[]>();

    public string? FormError { get; protected set; }

    public string? ErrorFor(string field) => FieldErrors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    public string InvalidClass(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";

    protected void ShowErrors(DomainException ex)
    {
        FormError = ex.Message;
        if (ex is ValidationFailedException v)
        {
            FieldErrors = v.Errors;
        }
    }

    /// <summary>
    /// The post-redirect-get of a page action: run it, toast and redirect on success; 404 when the
    /// thing is outside the user's scope; otherwise show the rule's message beside its fields on
    /// the reloaded page.
    /// </summary>
    protected async Task<IActionResult> ActAsync(Func<Task> action, string done, string redirectTo, Func<Task> reload)
    {
        try
        {
            await action();
            Toast(done);
            return Redirect(redirectTo);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            await reload();
            return Page();
        }
    }

    /// <summary>A short message shown as a toast on the next page.</summary>
    protected void Toast(string message) => TempData["toast"] = message;
}
