using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Registry;

/// <summary>The pager under a registry list: total, page, and links that keep the filters.</summary>
public sealed record PagerModel(int Total, int Page, int Pages, Func<int, string> Url);

/// <summary>
/// Base of the registry's record pages (/registry/{kind}/{id}): "new" opens an empty form for
/// writers, an id shows the record with its form (read-only without the write permission), and a
/// post creates or updates through the same handler as the API.
/// </summary>
public abstract class RegistryItemPage : ConcordPage
{
    public bool IsNew { get; private set; }

    public bool CanWrite => Actor.Can(Permission.RegistryWrite);

    public IReadOnlyList<PlaceOption> PlaceOptions { get; protected set; } = [];

    protected abstract string ListUrl { get; }

    protected abstract Task LoadAsync(long id, CancellationToken ct);

    protected abstract Task LoadOptionsAsync(CancellationToken ct);

    protected abstract Task<long> CreateAsync(CancellationToken ct);

    protected abstract Task UpdateAsync(long id, CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!TryParse(id, out var number))
        {
            return NotFound();
        }

        if (number is null && !CanWrite)
        {
            return Forbid();
        }

        try
        {
            if (number is { } existing)
            {
                await LoadAsync(existing, ct);
            }

            await LoadOptionsAsync(ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!TryParse(id, out var number))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        try
        {
            long saved;
            if (number is { } existing)
            {
                await UpdateAsync(existing, ct);
                saved = existing;
            }
            else
            {
                saved = await CreateAsync(ct);
            }

            Toast(number is null ? "已登记" : "已保存");
            return Redirect($"{ListUrl}/{saved}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            await LoadOptionsAsync(ct);
            return Page();
        }
    }

    private bool TryParse(string id, out long? number)
    {
        number = null;
        if (id == "new")
        {
            IsNew = true;
            return true;
        }

        if (long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            number = n;
            return true;
        }

        return false;
    }
}
