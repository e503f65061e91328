using Actors.Abstractions.Errors;
using Actors.Abstractions.Tenants;
using Actors.Api.Operator;
using Actors.Api.Tenants;
using Actors.Api.Validation;
using Actors.PrivacyConsole.Reading;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Actors.PrivacyConsole.Pages;

/// <summary>One tenant: its requests (overdue first), keys, policies and the audit check; only the operator changes anything.</summary>
public sealed class TenantModel(ConsoleReads reads, TenantKeys keys) : PageModel
{
    [FromRoute] public string TenantId { get; set; } = "";

    public TenantState Tenant { get; private set; } = null!;

    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];

    /// <summary>A key just issued: shown on this answer only, and kept nowhere.</summary>
    public IssuedApiKey? Issued { get; private set; }

    public string? Notice { get; private set; }

    public string? Refusal { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostIssueAsync([FromForm] string kind, [FromForm] string? label)
    {
        if (!User.IsOperator())
        {
            return Forbid(OperatorPolicies.Scheme);
        }
        await ActAsync(async () =>
        {
            RequestRules.TenantId(TenantId);
            RequestRules.Text("label", label ?? "", Abstractions.Limits.LabelMaxBytes, required: false, allowLineBreaks: false);
            Issued = await keys.IssueAsync(TenantId, kind == "device" ? ApiKeyKind.Device : ApiKeyKind.Server, label ?? "", false, null);
        });
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostRevokeAsync([FromForm] string keyId)
    {
        if (!User.IsOperator())
        {
            return Forbid(OperatorPolicies.Scheme);
        }
        await ActAsync(async () =>
        {
            RequestRules.TenantId(TenantId);
            var revoked = await keys.RevokeAsync(TenantId, keyId);
            Notice = $"key {revoked.KeyId} revoked: calls with it are refused from now on";
        });
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        // Another tenant's page is not found, exactly like a tenant that does not exist.
        if (!User.MaySee(TenantId) || await reads.FindAsync(TenantId) is not { } tenant)
        {
            return NotFound($"no tenant '{TenantId}'");
        }
        Tenant = tenant;
        Requests = await reads.RequestsAsync(TenantId, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>A refusal of the platform's (a bad label, a key that does not exist) is shown as the gRPC call would word it.</summary>
    private async Task ActAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RpcException e)
        {
            Refusal = e.Status.Detail;
        }
        catch (DomainException e)
        {
            Refusal = e.Field is { Length: > 0 } field ? $"{field}: {e.Message}" : e.Message;
        }
    }
}
