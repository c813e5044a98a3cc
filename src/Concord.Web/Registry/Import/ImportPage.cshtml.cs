using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Registry.Import;

/// <summary>
/// 批量导入: pick a registry, download its template, upload the filled file; the result (or the
/// row-by-row report) is shown on the page after the upload (post-redirect-get to ?importId=).
/// </summary>
[Authorize(Policy = nameof(Permission.RegistryWrite))]
[RequestSizeLimit(ImportRegistry.MaxBytes + 1_000_000)]
public sealed class ImportPageModel(ImportRegistry.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "households";

    [BindProperty(SupportsGet = true)]
    public long? ImportId { get; set; }

    public ImportRegistry.Result? Result { get; private set; }

    public ImportKind Selected => ImportKind.Find(Kind) ?? ImportKind.All[0];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ImportId is { } id)
        {
            try
            {
                Result = await handler.GetAsync(id, ct);
                Kind = Result.Kind;
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            FormError = "请选择要上传的 .xlsx 或 .csv 文件。";
            return Page();
        }

        try
        {
            var result = await handler.ImportAsync(Kind, file.FileName, await RegistryModule.ReadAsync(file, ct), ct);
            if (result.Imported)
            {
                Toast(result.Replayed ? "该文件已导入过，未重复导入。" : $"已导入 {result.Rows:N0} 行。");
            }

            return Redirect($"/registry/import?kind={result.Kind}&importId={result.ImportId}");
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            return Page();
        }
    }
}
