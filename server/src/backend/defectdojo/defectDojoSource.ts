import type { Exposure } from '../../core/model/exposure';
import type { FindingOrigin } from '../../core/model/finding';
import type { Service } from '../../core/model/service';
import { BackendError } from '../../engine/backendError';
import type { FindingsBackend, FindingsPage, TriageWrite, WriteResult } from '../../engine/sourcePorts';
import { notAffectedRefusal } from '../../core/triage/notAffectedClaim';
import { checkedBaseUrl, HttpClient } from '../http/httpClient';
import { collectFindings, emptyPage, projectNameOf, triageText, validated, type PlatformOptions } from '../platformKit';
import { findingProductSchema, findingSchema, paginatedSchema, productSchema, userProfileSchema, type ProductDto } from './schemas';
import { toExposure, toFinding, toService } from './toFindings';

const pageLimit = 500;
const maxPages = 1000;

/**
 * DefectDojo (API v2) as a source: the workspace's product by name (`GET /api/v2/products/?name_exact=`), its
 * active, non-duplicate findings (`GET /api/v2/findings/`, limit/offset, following `next`), its exposure from the
 * product's fields; triage written back as the finding's own status fields (false_p, risk_accepted through simple
 * or full risk acceptance, out_of_scope / is_mitigated / false_p for "not affected", as DefectDojo's own VEX import
 * does) plus a note with the reason and the evidence. `Authorization: Token <API v2 key>`.
 */
export class DefectDojoSource implements FindingsBackend {
  private readonly base: URL;
  private readonly http: HttpClient;
  private readonly products = new Map<string, ProductDto>();
  /** Which product each finding was pulled from, for write-backs that depend on product settings. */
  private readonly productOfFinding = new Map<string, string>();
  private owner?: number;

  constructor(private readonly options: PlatformOptions) {
    this.base = checkedBaseUrl(options.url, 'DefectDojo URL');
    this.http = new HttpClient({ label: 'DefectDojo', ...options });
  }

  async listServices(repository: string): Promise<Service[]> {
    const name = projectNameOf(repository, this.options.project);
    const body = await this.get('api/v2/products/', { name_exact: name, limit: '10' });
    const page = validated(paginatedSchema, body, 'DefectDojo products');
    const products = page.results.map((item) => validated(productSchema, item, 'DefectDojo product'));
    const product = products.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (!product) {
      throw new BackendError('notConfigured', `DefectDojo has no product named "${name}" that this API key may read; set the source's project to the product's name`);
    }
    this.products.set(String(product.id), product);
    return [toService(product, this.base)];
  }

  async listFindings(productId: string): Promise<FindingsPage> {
    const page = emptyPage();
    const product = this.products.get(productId);
    const context = { sourceId: this.options.sourceId, source: `defectdojo:${product?.name ?? productId}`, base: this.base };
    let query: Record<string, string> | undefined = { test__engagement__product: productId, active: 'true', duplicate: 'false', limit: String(pageLimit), offset: '0' };
    for (let pageIndex = 0; query && pageIndex < maxPages; pageIndex++) {
      const body: { next?: string | null; results: unknown[] } = validated(paginatedSchema, await this.get('api/v2/findings/', query), 'DefectDojo findings');
      collectFindings(body.results, findingSchema, (dto) => toFinding(dto, context), page, {
        what: 'finding',
        firstIndex: Number(query.offset ?? 0),
        idOf: (raw) => idOf(raw),
      });
      for (const item of body.results) {
        const id = idOf(item);
        if (id) {
          this.productOfFinding.set(id.replace(/^defectdojo-/, ''), productId);
        }
      }
      // `next` is an absolute URL built from the request DefectDojo saw (behind a proxy it may name another scheme
      // or host): only its query is used, against the configured URL.
      query = body.next ? Object.fromEntries(new URL(body.next).searchParams) : undefined;
    }
    if (query) {
      throw new BackendError('badResponse', `DefectDojo findings of product ${productId}: more than ${maxPages} pages`);
    }
    return page;
  }

  async getExposure(productId: string): Promise<Exposure | undefined> {
    const product = this.products.get(productId) ?? (await this.product(productId));
    return toExposure(product);
  }

  async writeTriage(origin: FindingOrigin, decision: TriageWrite): Promise<WriteResult> {
    const id = origin.id;
    switch (decision.state) {
      case 'false_positive':
        await this.patch(id, { active: false, verified: false, false_p: true });
        await this.note(id, decision);
        return { outcome: 'sent', message: 'marked false positive (false_p), with a note' };
      case 'not_affected': {
        const refusal = notAffectedRefusal(decision);
        if (refusal) {
          return { outcome: 'skipped', message: `not written: ${refusal}` };
        }
        const { fields, words } = notAffectedFields(decision.justification);
        await this.patch(id, { active: false, ...fields });
        await this.note(id, decision);
        return { outcome: 'sent', message: `marked ${words}, with a note` };
      }
      case 'accepted_risk':
        return this.acceptRisk(id, decision);
      case 'reopen':
        await this.patch(id, { active: true, false_p: false, risk_accepted: false, out_of_scope: false, is_mitigated: false });
        await this.note(id, decision);
        return { outcome: 'sent', message: 'reopened (active again), with a note' };
    }
  }

  /**
   * Simple risk acceptance when the product allows it (the finding's own `risk_accepted`), else a full risk
   * acceptance owned by the API key's user, with the decision, reason, evidence and expiry.
   */
  private async acceptRisk(id: string, decision: TriageWrite): Promise<WriteResult> {
    const product = await this.productOfFindingId(id);
    if (product.enable_simple_risk_acceptance) {
      await this.patch(id, { active: false, risk_accepted: true });
      await this.note(id, decision);
      return { outcome: 'sent', message: 'risk accepted (simple risk acceptance), with a note' };
    }
    if (!product.enable_full_risk_acceptance) {
      throw new BackendError('badResponse', `DefectDojo product "${product.name}" allows neither simple nor full risk acceptance; an admin must enable one`);
    }
    this.owner ??= validated(userProfileSchema, await this.get('api/v2/user_profile/', {}), 'DefectDojo user profile').user.id;
    await this.send('POST', 'api/v2/risk_acceptance/', {
      name: `ASPM: ${decision.reason}`.slice(0, 300),
      accepted_findings: [Number(id)],
      owner: this.owner,
      decision: 'A',
      decision_details: triageText(decision),
      ...(decision.expiresAt ? { expiration_date: decision.expiresAt } : {}),
    });
    return { outcome: 'sent', message: `risk accepted (risk acceptance${decision.expiresAt ? ` until ${decision.expiresAt.slice(0, 10)}` : ''})` };
  }

  private async productOfFindingId(findingId: string): Promise<ProductDto> {
    let productId = this.productOfFinding.get(findingId);
    if (!productId) {
      const body = await this.get(`api/v2/findings/${encodeURIComponent(findingId)}/`, { related_fields: 'true' });
      productId = String(validated(findingProductSchema, body, 'DefectDojo finding').related_fields.test.engagement.product.id);
    }
    return this.products.get(productId) ?? (await this.product(productId));
  }

  private async product(productId: string): Promise<ProductDto> {
    const product = validated(productSchema, await this.get(`api/v2/products/${encodeURIComponent(productId)}/`, {}), 'DefectDojo product');
    this.products.set(productId, product);
    return product;
  }

  private patch(findingId: string, fields: Record<string, boolean>): Promise<unknown> {
    return this.send('PATCH', `api/v2/findings/${encodeURIComponent(findingId)}/`, fields);
  }

  private note(findingId: string, decision: TriageWrite): Promise<unknown> {
    return this.send('POST', `api/v2/findings/${encodeURIComponent(findingId)}/notes/`, { entry: triageText(decision), private: false });
  }

  private async get(path: string, query: Record<string, string>): Promise<unknown> {
    const url = new URL(path, this.base);
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, value);
    }
    return (await this.http.send({ url, headers: this.authorization(), revalidate: true })).body;
  }

  private async send(method: 'POST' | 'PATCH', path: string, json: unknown): Promise<unknown> {
    return (await this.http.send({ method, url: new URL(path, this.base), headers: this.authorization(), json })).body;
  }

  private authorization(): Record<string, string> {
    return this.options.token ? { authorization: `Token ${this.options.token}` } : {};
  }
}

/**
 * "Not affected" in DefectDojo's own terms, as its OpenVEX import maps it: the vulnerable code not there, not
 * reached or not exploitable here is a false positive of the scanner; a protection in place is a mitigation; no
 * justification is out of scope.
 */
function notAffectedFields(justification: string | undefined): { fields: Record<string, boolean>; words: string } {
  if (justification && /^(code_not_present|code_not_reachable|requires_)/.test(justification)) {
    return { fields: { verified: false, false_p: true }, words: `false positive (not affected: ${justification})` };
  }
  if (justification && justification.startsWith('protected_')) {
    return { fields: { is_mitigated: true }, words: `mitigated (not affected: ${justification})` };
  }
  return { fields: { out_of_scope: true }, words: 'out of scope (not affected)' };
}

function idOf(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? `defectdojo-${id}` : undefined;
}
