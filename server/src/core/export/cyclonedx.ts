import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import { JSON as CdxJson } from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { PackageURL } from 'packageurl-js';
import { iacInternetExposure } from '../correlate/iacExposure';
import { buildInventory, type InventoryImage } from '../inventory/inventory';
import type { ResolvedPackage } from '../model/dependency';
import type { RootedGraph } from '../model/workspaceIndex';
import type { SourceLocation } from '../model/location';
import { formatPurl } from '../model/purl';
import { isInServiceRoot } from '../model/service';
import { servicesOf, type ExportInput, type ExportService } from './exportInput';
import { vexStatementOf, type VexStatement } from './vexStatement';

/** A CycloneDX 1.6 BOM as plain JSON. */
export type CycloneDxBom = Record<string, unknown> & { components?: CdxComponentJson[]; dependencies?: { ref: string; dependsOn?: string[] }[] };

type CdxComponentJson = Record<string, unknown> & { 'bom-ref'?: string; purl?: string };

/** One component being assembled: a package or image, with where the workspace declares it. */
interface ComponentDraft {
  component: Models.Component;
  occurrences: SourceLocation[];
  /** Undefined: the lockfile records no edges for it, so its dependencies are unknown (no graph entry). */
  dependsOn?: Set<string>;
}

/**
 * Builds the CycloneDX 1.6 BOM of a workspace with `@cyclonedx/cyclonedx-library`:
 * - `metadata.component`: the service (or, for several services, the repository with one nested application
 *   component per service);
 * - `components`: every package of every lockfile and manifest the index reads (purl, `required` or `optional` for
 *   dev-only, lockfile hashes, where it is declared), and every container image Dockerfiles, compose files and
 *   Kubernetes manifests name (type `container`, with its tag or digest and how it is pinned);
 * - `dependencies`: services → direct packages and images, packages → what their lockfile resolves them to (packages
 *   whose lockfile records no edges are left out of the graph: unknown, not "none");
 * - `services`: each service with its routes as endpoints, `authenticated`, `x-trust-boundary` and data classes;
 * - `vulnerabilities`: the package findings with their VEX analysis (see {@link vexStatementOf}) and ratings.
 *
 * The library has no model for the 1.6 fields `services[].endpoints/authenticated/x-trust-boundary/data/trustZone`
 * and `components[].evidence.occurrences`; they are added to its normalized JSON. Pure: no serial number (the
 * caller adds one) and the timestamp is `input.now`.
 */
export function buildCycloneDx(input: ExportInput): CycloneDxBom {
  const services = servicesOf(input);
  const bom = new Models.Bom();
  const drafts = new Map<string, ComponentDraft>();
  const toolComponent = new Models.Component(Enums.ComponentType.Application, input.tool.name, { version: input.tool.version, bomRef: `tool:${input.tool.name}` });
  bom.metadata = new Models.Metadata({ timestamp: input.now, tools: new Models.Tools({ components: new Models.ComponentRepository([toolComponent]) }) });
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.Build);
  bom.metadata.properties.add(new Models.Property('aspm:repository', input.repository));

  for (const rooted of input.index.graphs) {
    for (const pkg of rooted.graph.packages) {
      addPackage(drafts, pkg);
    }
  }
  for (const rooted of input.index.graphs) {
    addWorkspacePackages(drafts, rooted);
  }
  const inventory = buildInventory(input.index, '');
  for (const image of inventory.images) {
    addImage(drafts, image);
  }

  const serviceComponents = services.map((entry) => serviceComponent(entry, input, drafts));
  const isSingle = serviceComponents.length === 1 && services[0]!.service.root === '';
  if (isSingle) {
    bom.metadata.component = serviceComponents[0];
  } else {
    const repository = new Models.Component(Enums.ComponentType.Application, input.repository.split('/').pop() || input.repository, {
      bomRef: 'repository',
      group: input.repository.includes('/') ? input.repository.slice(0, input.repository.lastIndexOf('/')) : undefined,
      components: new Models.ComponentRepository(serviceComponents),
    });
    serviceComponents.forEach((component) => repository.dependencies.add(component.bomRef));
    // What no service root covers still belongs to the repository.
    for (const ref of directRefs(input, drafts, (path) => !services.some((entry) => isInServiceRoot(path, entry.service.root)))) {
      repository.dependencies.add(refOf(drafts, ref));
    }
    bom.metadata.component = repository;
  }

  for (const draft of drafts.values()) {
    bom.components.add(draft.component);
  }
  for (const draft of drafts.values()) {
    for (const target of draft.dependsOn ?? []) {
      const other = drafts.get(target);
      if (other) {
        draft.component.dependencies.add(other.component.bomRef);
      }
    }
  }
  for (const entry of services) {
    bom.services.add(new Models.Service(entry.service.name, { bomRef: `api:${entry.service.id}`, properties: serviceProperties(entry) }));
  }
  for (const entry of services) {
    for (const analyzed of entry.findings) {
      const statement = vexStatementOf(analyzed);
      const draft = statement ? drafts.get(statement.purl) : undefined;
      if (statement && draft) {
        bom.vulnerabilities.add(vulnerabilityOf(statement, analyzed, draft.component.bomRef));
      }
    }
  }

  const normalized = new CdxJson.Normalize.Factory(Spec.Spec1dot6).makeForBom().normalize(bom, { sortLists: true }) as unknown as CycloneDxBom;
  return completeJson(normalized, input, services, drafts);
}

/** Adds a property unless the same name and value is already there (one component, several declarations). */
function addProperty(properties: Models.PropertyRepository, name: string, value: string): void {
  if (![...properties].some((property) => property.name === name && property.value === value)) {
    properties.add(new Models.Property(name, value));
  }
}

function addPackage(drafts: Map<string, ComponentDraft>, pkg: ResolvedPackage): void {
  const purl = formatPurl(pkg.ecosystem, pkg.name, pkg.version ?? pkg.revision);
  let draft = drafts.get(purl);
  if (!draft) {
    const parsed = PackageURL.fromString(purl);
    const component = new Models.Component(Enums.ComponentType.Library, parsed.name, {
      bomRef: purl,
      purl,
      group: parsed.namespace ?? undefined,
      version: pkg.version ?? pkg.revision,
      scope: Enums.ComponentScope.Optional,
    });
    draft = { component, occurrences: [] };
    drafts.set(purl, draft);
    addHashes(component, pkg, purl);
  }
  // Required as soon as one graph ships it.
  if (!pkg.isDevOnly) {
    draft.component.scope = Enums.ComponentScope.Required;
  }
  addProperty(draft.component.properties, 'aspm:dependency:role', pkg.isDevOnly ? 'dev' : pkg.isDirect ? 'direct' : 'transitive');
  for (const declaration of pkg.introducedBy.filter((dependency) => dependency.name === pkg.name).slice(0, 1)) {
    draft.occurrences.push({ path: declaration.manifestPath, range: declaration.range });
  }
  if (pkg.dependsOn) {
    draft.dependsOn ??= new Set();
    for (const key of pkg.dependsOn) {
      const at = key.lastIndexOf('@');
      draft.dependsOn.add(formatPurl(pkg.ecosystem, key.slice(0, at), key.slice(at + 1)));
    }
  }
}

/**
 * The first-party packages of npm/yarn/pnpm workspaces: components of the application too, depending on what their
 * own manifest declares (resolved versions, or other workspace packages).
 */
function addWorkspacePackages(drafts: Map<string, ComponentDraft>, rooted: RootedGraph): void {
  const members = rooted.workspacePackages ?? [];
  const purlByName = new Map(members.map((member) => [member.name, formatPurl(rooted.graph.ecosystem, member.name, member.version)]));
  for (const member of members) {
    const purl = purlByName.get(member.name)!;
    let draft = drafts.get(purl);
    if (!draft) {
      const parsed = PackageURL.fromString(purl);
      const component = new Models.Component(Enums.ComponentType.Library, parsed.name, { bomRef: purl, purl, group: parsed.namespace ?? undefined, version: member.version, scope: Enums.ComponentScope.Required });
      draft = { component, occurrences: [] };
      drafts.set(purl, draft);
    }
    addProperty(draft.component.properties, 'aspm:dependency:role', 'first-party workspace');
    draft.occurrences.push({ path: member.manifestPath, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    draft.dependsOn ??= new Set();
    for (const declared of rooted.graph.declared.filter((dependency) => dependency.manifestPath === member.manifestPath)) {
      const resolved = rooted.graph.packages.find((pkg) => pkg.name === declared.name && pkg.isDirect && pkg.introducedBy.includes(declared));
      const target = resolved ? formatPurl(resolved.ecosystem, resolved.name, resolved.version) : purlByName.get(declared.name);
      if (target !== undefined && target !== purl) {
        draft.dependsOn.add(target);
      }
    }
  }
}

const cdxAlgorithms: Record<string, Enums.HashAlgorithm> = {
  'SHA-1': Enums.HashAlgorithm['SHA-1'],
  'SHA-256': Enums.HashAlgorithm['SHA-256'],
  'SHA-384': Enums.HashAlgorithm['SHA-384'],
  'SHA-512': Enums.HashAlgorithm['SHA-512'],
};

/**
 * npm-family integrity is the hash of the one tarball the component is: `hashes`. Python lockfiles hash each
 * distribution file (wheels, sdist): one `distribution` reference per file, with its hash. go.sum's `h1:` hashes a
 * listing of the module's files, not a file, so it is a property, never a hash.
 */
function addHashes(component: Models.Component, pkg: ResolvedPackage, purl: string): void {
  for (const hash of pkg.hashes ?? []) {
    if (hash.algorithm === 'go-h1') {
      component.properties.add(new Models.Property('aspm:go.sum:h1', hash.value));
    } else if (pkg.ecosystem === 'pypi') {
      const reference = new Models.ExternalReference(hash.file ?? purl, Enums.ExternalReferenceType.Distribution, {
        hashes: new Models.HashDictionary([[cdxAlgorithms[hash.algorithm]!, hash.value]]),
        comment: hash.file ? 'distribution file locked by the lockfile' : 'a distribution file the lockfile accepts (it names no files)',
      });
      component.externalReferences.add(reference);
    } else if (!component.hashes.has(cdxAlgorithms[hash.algorithm]!)) {
      component.hashes.set(cdxAlgorithms[hash.algorithm]!, hash.value);
    }
  }
}

function addImage(drafts: Map<string, ComponentDraft>, image: InventoryImage): void {
  const key = `image:${image.reference}`;
  let draft = drafts.get(key);
  if (!draft) {
    const slash = image.name.lastIndexOf('/');
    const version = image.digest ?? image.tag;
    const component = new Models.Component(Enums.ComponentType.Container, slash < 0 ? image.name : image.name.slice(slash + 1), {
      bomRef: key,
      group: slash < 0 ? undefined : image.name.slice(0, slash),
      version,
      purl: imagePurl(image),
      scope: Enums.ComponentScope.Required,
    });
    if (image.digest?.startsWith('sha256:') && image.pinning === 'digest') {
      component.hashes.set(Enums.HashAlgorithm['SHA-256'], image.digest.slice('sha256:'.length).toLowerCase());
    }
    component.properties.add(new Models.Property('aspm:image:reference', image.reference));
    component.properties.add(new Models.Property('aspm:image:pinning', image.pinning));
    if (image.tag !== undefined && image.digest !== undefined) {
      component.properties.add(new Models.Property('aspm:image:tag', image.tag));
    }
    draft = { component, occurrences: [] };
    drafts.set(key, draft);
  }
  addProperty(draft.component.properties, 'aspm:image:role', image.role);
  addProperty(draft.component.properties, 'aspm:image:declared-by', image.resourceAddress);
  draft.occurrences.push(image.location);
}

/** `pkg:docker/library/node@20.11`-style purls; unresolvable references (variables) get none. */
function imagePurl(image: InventoryImage): string | undefined {
  if (/[${}]/.test(image.reference)) {
    return undefined;
  }
  const segments = image.name.split('/');
  const hasRegistry = segments.length > 1 && /[.:]|^localhost$/.test(segments[0]!);
  const registry = hasRegistry ? segments.shift() : undefined;
  const name = segments.pop()!;
  try {
    return new PackageURL('docker', segments.join('/') || undefined, name, image.digest ?? image.tag, registry ? { repository_url: registry } : undefined, undefined).toString();
  } catch {
    return undefined;
  }
}

function serviceComponent(entry: ExportService, input: ExportInput, drafts: Map<string, ComponentDraft>): Models.Component {
  const { service } = entry;
  const component = new Models.Component(Enums.ComponentType.Application, service.name, { bomRef: `service:${service.id}` });
  component.properties.add(new Models.Property('aspm:service:id', service.id));
  component.properties.add(new Models.Property('aspm:service:root', service.root === '' ? '.' : service.root));
  if (service.businessCriticality) {
    component.properties.add(new Models.Property('aspm:service:business-criticality', service.businessCriticality));
  }
  for (const owner of service.owners ?? []) {
    component.properties.add(new Models.Property('aspm:service:owner', owner));
  }
  if (service.dashboardUrl) {
    component.externalReferences.add(new Models.ExternalReference(service.dashboardUrl, Enums.ExternalReferenceType.Other, { comment: 'ASPM dashboard' }));
  }
  for (const ref of directRefs(input, drafts, (path) => isInServiceRoot(path, service.root))) {
    component.dependencies.add(refOf(drafts, ref));
  }
  return component;
}

/** Draft keys of the direct packages declared, and the images named, at paths `isCovered` accepts. */
function directRefs(input: ExportInput, drafts: Map<string, ComponentDraft>, isCovered: (path: string) => boolean): string[] {
  const refs = new Set<string>();
  for (const rooted of input.index.graphs) {
    for (const pkg of rooted.graph.packages) {
      if (pkg.isDirect && pkg.introducedBy.some((dependency) => dependency.name === pkg.name && isCovered(dependency.manifestPath))) {
        refs.add(formatPurl(pkg.ecosystem, pkg.name, pkg.version ?? pkg.revision));
      }
    }
  }
  for (const rooted of input.index.graphs) {
    for (const member of rooted.workspacePackages ?? []) {
      if (isCovered(member.manifestPath)) {
        refs.add(formatPurl(rooted.graph.ecosystem, member.name, member.version));
      }
    }
  }
  for (const resource of input.index.iac.resources) {
    for (const image of resource.images ?? []) {
      if (isCovered(resource.location.path) && drafts.has(`image:${image}`)) {
        refs.add(`image:${image}`);
      }
    }
  }
  return [...refs].filter((ref) => drafts.has(ref));
}

function refOf(drafts: Map<string, ComponentDraft>, key: string): Models.BomRef {
  return drafts.get(key)!.component.bomRef;
}

function serviceProperties(entry: ExportService): Models.PropertyRepository {
  const properties = new Models.PropertyRepository();
  for (const environment of entry.exposure.environments) {
    properties.add(new Models.Property('aspm:environment', `${environment.name} (${environment.kind})`));
  }
  if (entry.exposure.observedAt) {
    properties.add(new Models.Property('aspm:exposure:observed-at', entry.exposure.observedAt));
  }
  return properties;
}

const severityOfBand: Record<string, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  info: Enums.Vulnerability.Severity.Info,
};

function vulnerabilityOf(statement: VexStatement, analyzed: ExportService['findings'][number], ref: Models.BomRef): Models.Vulnerability.Vulnerability {
  const { finding, priority, reachability } = analyzed;
  const vulnerability = new Models.Vulnerability.Vulnerability({
    bomRef: `vulnerability:${statement.serviceId}:${finding.id}`,
    id: statement.vulnerability,
    source: sourceOf(statement.vulnerability, finding.links?.advisory),
    description: finding.title,
    detail: finding.description,
    recommendation: statement.action,
    analysis: new Models.Vulnerability.Analysis({
      state: statement.state as Enums.Vulnerability.AnalysisState,
      justification: statement.justification as Enums.Vulnerability.AnalysisJustification | undefined,
      detail: statement.detail,
    }),
  });
  statement.response.forEach((response) => vulnerability.analysis!.response.add(response as Enums.Vulnerability.AnalysisResponse));
  for (const alias of statement.aliases) {
    vulnerability.references.add(new Models.Vulnerability.Reference(alias, sourceOf(alias, undefined)));
  }
  if (finding.cvss) {
    vulnerability.ratings.add(
      new Models.Vulnerability.Rating({
        score: finding.cvss.score,
        vector: finding.cvss.vector,
        method: cvssMethod(finding.cvss.vector),
        severity: severityOfBand[finding.severity],
        source: sourceOf(statement.vulnerability, finding.links?.advisory),
      }),
    );
  }
  vulnerability.ratings.add(
    new Models.Vulnerability.Rating({
      score: priority.score,
      severity: severityOfBand[priority.band],
      method: Enums.Vulnerability.RatingMethod.Other,
      source: new Models.Vulnerability.Source({ name: 'ASPM priority (0-100)' }),
      justification: `ASPM priority ${priority.score}/100 = ${priority.factors.map((factor) => `${factor.label} ${factor.points}/${factor.maxPoints}`).join(' + ')}; reachability: ${reachability.tier}`,
    }),
  );
  for (const cwe of finding.cwe ?? []) {
    const number = Number(/(\d+)$/.exec(cwe)?.[1]);
    if (Number.isInteger(number) && number > 0) {
      vulnerability.cwes.add(number as never);
    }
  }
  if (finding.links?.advisory && /^https?:\/\//i.test(finding.links.advisory)) {
    vulnerability.advisories.add(new Models.Vulnerability.Advisory(finding.links.advisory));
  }
  const affect = new Models.Vulnerability.Affect(ref);
  if (statement.version !== undefined) {
    affect.versions.add(
      new Models.Vulnerability.AffectedSingleVersion(statement.version, {
        status: statement.state === 'resolved' || statement.state === 'false_positive' ? Enums.Vulnerability.AffectStatus.Unaffected : Enums.Vulnerability.AffectStatus.Affected,
      }),
    );
  }
  vulnerability.affects.add(affect);
  vulnerability.properties.add(new Models.Property('aspm:finding:id', finding.id));
  vulnerability.properties.add(new Models.Property('aspm:service', statement.serviceId));
  vulnerability.properties.add(new Models.Property('aspm:reachability', reachability.tier));
  vulnerability.properties.add(new Models.Property('aspm:analysis:basis', statement.basis));
  vulnerability.properties.add(new Models.Property('aspm:surfaced', String(analyzed.isSurfaced)));
  if (analyzed.filterReason) {
    vulnerability.properties.add(new Models.Property('aspm:filtered', `${analyzed.filterReason.code}: ${analyzed.filterReason.message}`));
  }
  if (finding.firstSeen) {
    vulnerability.properties.add(new Models.Property('aspm:first-seen', finding.firstSeen));
  }
  return vulnerability;
}

function sourceOf(id: string, url: string | undefined): Models.Vulnerability.Source {
  const name = id.startsWith('GHSA-') ? 'GitHub Advisory Database' : id.startsWith('CVE-') ? 'NVD' : id.startsWith('GO-') ? 'Go Vulnerability Database' : id.startsWith('PYSEC-') ? 'PyPI Advisory Database' : undefined;
  const link =
    url && /^https?:\/\//i.test(url)
      ? url
      : id.startsWith('CVE-')
        ? `https://nvd.nist.gov/vuln/detail/${id}`
        : id.startsWith('GHSA-')
          ? `https://github.com/advisories/${id}`
          : undefined;
  return new Models.Vulnerability.Source({ name, url: link });
}

function cvssMethod(vector: string | undefined): Enums.Vulnerability.RatingMethod {
  if (vector?.startsWith('CVSS:4.0')) {
    return Enums.Vulnerability.RatingMethod.CVSSv4;
  }
  if (vector?.startsWith('CVSS:3.1')) {
    return Enums.Vulnerability.RatingMethod.CVSSv31;
  }
  if (vector?.startsWith('CVSS:3.0')) {
    return Enums.Vulnerability.RatingMethod.CVSSv3;
  }
  return vector && /^AV:/.test(vector) ? Enums.Vulnerability.RatingMethod.CVSSv2 : Enums.Vulnerability.RatingMethod.Other;
}

/** Adds the 1.6 fields the library does not model, and drops graph entries whose dependencies are unknown. */
function completeJson(bom: CycloneDxBom, input: ExportInput, services: readonly ExportService[], drafts: Map<string, ComponentDraft>): CycloneDxBom {
  const byRef = new Map([...drafts.values()].map((draft) => [draft.component.bomRef.value, draft]));
  for (const component of bom.components ?? []) {
    const draft = component['bom-ref'] === undefined ? undefined : byRef.get(component['bom-ref']);
    const occurrences = uniqueLocations(draft?.occurrences ?? []);
    if (occurrences.length > 0) {
      component.evidence = { ...(component.evidence as object | undefined), occurrences: occurrences.map((location) => ({ location: location.path, line: location.range.start.line + 1 })) };
    }
  }
  const isKnown = (ref: string): boolean => !byRef.has(ref) || byRef.get(ref)!.dependsOn !== undefined;
  bom.dependencies = (bom.dependencies ?? []).filter((entry) => isKnown(entry.ref));
  const servicesJson = (bom.services ?? []) as Record<string, unknown>[];
  for (const entry of services) {
    const json = servicesJson.find((candidate) => candidate['bom-ref'] === `api:${entry.service.id}`);
    if (json) {
      const { fields, properties } = serviceFields(entry, input);
      Object.assign(json, fields);
      if (properties.length > 0) {
        json.properties = [...((json.properties as unknown[] | undefined) ?? []), ...properties];
      }
    }
  }
  return bom;
}

/** `endpoints`, `authenticated`, `x-trust-boundary`, `trustZone` and `data` of a service, from its routes and exposure. */
function serviceFields(entry: ExportService, input: ExportInput): { fields: Record<string, unknown>; properties: { name: string; value: string }[] } {
  const { service, exposure } = entry;
  const routes = input.index.routes.filter((route) => isInServiceRoot(route.location.path, service.root));
  const endpoints = [...new Set(routes.map((route) => encodeURI(route.path.startsWith('/') ? route.path : `/${route.path}`)))].sort();
  const observed = exposure.endpoints;
  const authenticated = observed.some((endpoint) => endpoint.isAuthenticated === false)
    ? false
    : observed.length > 0 && observed.every((endpoint) => endpoint.isAuthenticated === true)
      ? true
      : undefined;
  const iacSignal = iacInternetExposure(service, input.index.iac)[0];
  const trustBoundary = exposure.isInternetFacing === true || iacSignal !== undefined ? true : exposure.isInternetFacing === false ? false : undefined;
  const fields: Record<string, unknown> = {};
  if (endpoints.length > 0) {
    fields.endpoints = endpoints;
  }
  if (authenticated !== undefined) {
    fields.authenticated = authenticated;
  }
  if (trustBoundary !== undefined) {
    fields['x-trust-boundary'] = trustBoundary;
    fields.trustZone = trustBoundary ? 'internet' : 'private';
  }
  if (exposure.dataClasses.length > 0) {
    fields.data = exposure.dataClasses.map((classification) => ({ flow: 'bi-directional', classification }));
  }
  const evidence = [
    ...(exposure.isInternetFacing === true ? [`runtime exposure data${exposure.observedAt ? ` (observed ${exposure.observedAt})` : ''}`] : []),
    ...(iacSignal ? [`${iacSignal.location.path}:${iacSignal.location.range.start.line + 1}: ${iacSignal.message}`] : []),
  ];
  return { fields, properties: evidence.map((value) => ({ name: 'aspm:trust-boundary:evidence', value })) };
}

function uniqueLocations(locations: readonly SourceLocation[]): SourceLocation[] {
  const seen = new Set<string>();
  return locations
    .filter((location) => {
      const key = `${location.path}:${location.range.start.line}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line));
}

/** The BOM with a serial number (`urn:uuid:…`) right after `version`, where CycloneDX documents put it. */
export function withSerialNumber(bom: CycloneDxBom, serialNumber: string): CycloneDxBom {
  const { $schema, bomFormat, specVersion, version, ...rest } = bom;
  // The normalizer leaves an undefined `serialNumber` key, which must not override this one.
  delete rest.serialNumber;
  return { $schema, bomFormat, specVersion, serialNumber, version, ...rest };
}
