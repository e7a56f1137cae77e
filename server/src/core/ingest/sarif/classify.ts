import type { Location, LogicalLocation, PropertyBag, Result, Run, WebRequest } from 'sarif';
import type { Finding, FindingKind } from '../../model/finding';
import { asArray, asObject, asString, elementAt, ownValue, type Loose } from './json';
import { multiformatText } from './messages';
import type { RuleDescriptor } from './rules';

/** What classification reads of one result. */
export interface ClassifyInput {
  toolName: string;
  ruleId?: string;
  rule?: RuleDescriptor;
  result: Loose<Result>;
  run: Loose<Run>;
  /** The first web URL among the result's locations (DAST tools put the scanned URL there). */
  url?: string;
  /** Package coordinates found on the result (purl, Trivy message). */
  hasPackage: boolean;
}

const dastTools = /\b(zap|burp|nuclei|arachni|wapiti|nikto|stackhawk)\b/i;
const secretTools = /\b(gitleaks|trufflehog|detect-secrets|ggshield|talisman|secretlint)\b/i;
const iacTools = /\b(checkov|tfsec|kics|terrascan|tflint|cfn-lint|cfn_nag|kube-linter|kubesec|hadolint)\b/i;
const scaTools = /\b(trivy|grype|osv-scanner|dependency-check|snyk open source)\b/i;
const secretRuleId = /(^|[^a-z])secrets?([^a-z]|$)/i;
const advisoryId = /^(CVE-\d{4}-\d+|GHSA(-[0-9a-z]{4}){3})/i;
/** Terraform resource types are provider-prefixed snake case: `aws_security_group`. */
const terraformType = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;
/** purl types of operating-system packages: found in container images, not in application manifests. */
const osPackageTypes = new Set(['deb', 'apk', 'rpm', 'alpm', 'alpine', 'oci', 'docker']);

/**
 * The kind of finding a result is. DAST: a DAST tool, a `webRequest` or a web URL location. Dependency
 * vulnerabilities (a package on the result, Trivy's `*PackageVulnerability` rules, CVE/GHSA rule ids, or a
 * `vulnerability` tag from an SCA tool): `container` for OS packages of an image, else `sca`. Secrets: secret
 * scanners, `secret` tags or secret rule ids. IaC: IaC scanners and `misconfiguration` tags. Everything else `sast`.
 */
export function classifyKind(input: ClassifyInput, purlType?: string): FindingKind {
  const tags = tagsOf(input.rule?.properties, input.result.properties);
  const ruleName = asString(input.rule?.name) ?? '';
  if (dastTools.test(input.toolName) || asObject<WebRequest>(input.result.webRequest) || input.url !== undefined) {
    return 'dast';
  }
  const isVulnerability =
    input.hasPackage ||
    /PackageVulnerability$/.test(ruleName) ||
    advisoryId.test(input.ruleId ?? '') ||
    (tags.has('vulnerability') && scaTools.test(input.toolName));
  if (isVulnerability) {
    const isImage = ruleName === 'OsPackageVulnerability' || asString(ownValue(input.run.properties, 'imageName')) !== undefined;
    return isImage || (purlType !== undefined && osPackageTypes.has(purlType)) ? 'container' : 'sca';
  }
  if (secretTools.test(input.toolName) || tags.has('secret') || tags.has('secrets') || ruleName === 'Secret' || secretRuleId.test(input.ruleId ?? '')) {
    return 'secret';
  }
  if (iacTools.test(input.toolName) || tags.has('misconfiguration') || ruleName === 'Misconfiguration') {
    return 'iac';
  }
  return 'sast';
}

/**
 * The infrastructure resource an IaC result is about: the first logical location (a Terraform address as its
 * fully qualified name, or Terrascan's resource `name` with the resource type as `kind`), else a `resource`
 * property, else the `resource "type" "name"` header of the snippet, else Checkov's `Resource: …` line in the rule
 * help (which names the rule's first resource only, hence last).
 */
export function resourceOf(input: ClassifyInput, snippet: string | undefined): Finding['resource'] {
  const logical = firstLogicalLocation(input);
  const address =
    (logical ? logicalAddress(logical) : undefined) ??
    asString(ownValue(input.result.properties, 'resource')) ??
    terraformHeader(snippet) ??
    /^Resource: (\S+)$/m.exec(multiformatText(input.rule?.help) ?? '')?.[1];
  return address !== undefined ? { ...typeAndName(address), address } : undefined;
}

/** The HTTP endpoint of a DAST result: `webRequest` method and target (or the location URL), path without query. */
export function endpointOf(input: ClassifyInput): Finding['endpoint'] {
  let request = asObject<WebRequest>(input.result.webRequest);
  if (request && asString(request.target) === undefined) {
    request = asObject<WebRequest>(elementAt(input.run.webRequests, request.index)) ?? request;
  }
  const target = asString(request?.target) ?? input.url;
  const path = target !== undefined ? pathOfTarget(target) : undefined;
  if (path === undefined) {
    return undefined;
  }
  return { method: (asString(request?.method) ?? 'GET').toUpperCase(), path };
}

function pathOfTarget(target: string): string | undefined {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(target);
  const path = absolute ? absolute[1] || '/' : target.startsWith('/') ? target.replace(/[?#].*$/, '') : undefined;
  return path;
}

function firstLogicalLocation(input: ClassifyInput): Loose<LogicalLocation> | undefined {
  for (const location of asArray(input.result.locations).map((value) => asObject<Location>(value))) {
    for (const logical of asArray(location?.logicalLocations).map((value) => asObject<LogicalLocation>(value))) {
      const resolved = logical && logical.fullyQualifiedName === undefined && logical.name === undefined ? asObject<LogicalLocation>(elementAt(input.run.logicalLocations, logical.index)) : logical;
      if (resolved) {
        return resolved;
      }
    }
  }
  return undefined;
}

function logicalAddress(logical: Loose<LogicalLocation>): string | undefined {
  const qualified = asString(logical.fullyQualifiedName);
  const name = asString(logical.name);
  const kind = asString(logical.kind);
  if (qualified === undefined && name !== undefined && kind !== undefined && terraformType.test(kind) && !name.includes('.')) {
    return `${kind}.${name}`;
  }
  return qualified ?? name;
}

function terraformHeader(snippet: string | undefined): string | undefined {
  const header = /^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"/.exec(snippet ?? '');
  return header ? `${header[1] === 'data' ? 'data.' : ''}${header[2]}.${header[3]}` : undefined;
}

/** Splits a Terraform address (`module.net.aws_security_group.web[0]`) into type and name; other addresses stay whole. */
function typeAndName(address: string): { type?: string; name?: string } {
  const match = /^(?:module\.[^.]+\.)*(?:data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([^.[\]]+)(?:\[[^\]]*\])?$/.exec(address);
  return match ? { type: match[1], name: match[2] } : {};
}

function tagsOf(...bags: unknown[]): Set<string> {
  return new Set(bags.flatMap((bag) => asArray(asObject<PropertyBag>(bag)?.tags).flatMap((tag) => (typeof tag === 'string' ? [tag.toLowerCase()] : []))));
}
