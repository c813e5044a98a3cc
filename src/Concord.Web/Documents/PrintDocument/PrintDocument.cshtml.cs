using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Documents.PrintDocument;

/// <summary>A case document as a printable A4 page (宋体), the same content as its .docx.</summary>
[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class PrintDocumentModel(CaseDocuments documents) : ConcordPage
{
    public CaseDocument Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, string kind, CancellationToken ct)
    {
        try
        {
            Document = await documents.BuildAsync(code, kind, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            Toast(ex.Message);
            return Redirect($"/cases/{code}/agreement");
        }
    }
}
