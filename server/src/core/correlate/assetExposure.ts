import type { ExposureSignal, IacResource } from '../model/iacFacts';
import { isInServiceRoot, type Service } from '../model/service';
import { isTestPath } from '../model/workspaceIndex';

/**
 * Whether a service's runtime exposure (internet-facing, production, data classes) applies to the asset a finding is
 * on. A service deploys its source, the images its IaC or compose runs and the packages of its manifests, not the
 * tests, fixtures, scripts, docs, examples and CI files that live in the same repository: a finding on
 * `test/smoke/Dockerfile` is not internet-facing because the shop service is.
 */
export type AssetExposure =
  | { isDeployed: true; asset: string; /** `service shop, deployed by deploy/k8s/shop.yaml`. */ provenance: string }
  | { isDeployed: false; asset: string; /** `test/smoke/Dockerfile is test code, which service shop does not deploy`. */ reason: string };

/** Folders of a repository that hold what is not deployed, by what they hold (matched below the service root). */
const toolingFolders: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /(^|\/)(scripts?|tools|hack|bin\/dev)\//, what: 'tooling' },
  { pattern: /(^|\/)(docs?|documentation)\//, what: 'documentation' },
  { pattern: /(^|\/)(examples?|samples?|demos?)\//, what: 'an example' },
  { pattern: /(^|\/)(\.github|\.gitlab|\.circleci|\.buildkite|\.devcontainer)\//, what: 'CI or development configuration' },
  { pattern: /(^|\/)(benchmarks?|bench)\//, what: 'a benchmark' },
];

/** Files named for development or tests only: `Dockerfile.dev`, `docker-compose.test.yml`, `compose.local.yaml`. */
const devOnlyFile = /(^|\/)[^/]*[.-](dev|development|test|testing|local|ci)(\.[a-z]+)?$/i;

/**
 * What a repository-relative path holds when it is not deployed (`test code`, `tooling`…), or undefined for
 * deployable source. Only the part below the service root is read, so a service rooted at `tools/cli` still deploys
 * its own files.
 */
export function notDeployedKind(path: string, serviceRoot: string): string | undefined {
  const below = serviceRoot !== '' && path.startsWith(`${serviceRoot}/`) ? path.slice(serviceRoot.length + 1) : path;
  if (isTestPath(below)) {
    return 'test code';
  }
  const folder = toolingFolders.find(({ pattern }) => pattern.test(below));
  if (folder) {
    return folder.what;
  }
  const name = below.split('/').pop() ?? below;
  return devOnlyFile.test(name) && /dockerfile|compose|\.ya?ml$|\.json$|^requirements/i.test(name) ? 'a development-only file' : undefined;
}

/**
 * The IaC file that deploys a service, to say where its exposure comes from: the first resource outside tests and
 * tooling that runs the service's image, else the first internet-facing signal of the service (see
 * `iacInternetExposure`). Undefined when no IaC of the workspace deploys it.
 */
export function deployingFileOf(service: Service, iac: { resources: readonly IacResource[] }, signals: readonly ExposureSignal[]): string | undefined {
  const names = serviceImageNames(service);
  const runner = iac.resources.find(
    (resource) => resource.tool !== 'dockerfile' && notDeployedKind(resource.location.path, service.root) === undefined && resource.images?.some((image) => names.has(imageName(image))),
  );
  return runner?.location.path ?? signals[0]?.location.path;
}

/**
 * Whether the service deploys the asset at `path` (the manifest of a package, the file of a code or IaC finding), and
 * in words: where its runtime exposure comes from, or why it does not apply. Undefined without a path (a DAST
 * endpoint is the running service itself).
 */
export function assetExposureOf(path: string | undefined, service: Service, deployedBy: string | undefined): AssetExposure | undefined {
  if (path === undefined) {
    return undefined;
  }
  const who = `service ${service.name}`;
  if (!isInServiceRoot(path, service.root)) {
    return { isDeployed: false, asset: path, reason: `${path} is outside the root of ${who} (${service.root}/)` };
  }
  const kind = notDeployedKind(path, service.root);
  if (kind) {
    return { isDeployed: false, asset: path, reason: `${path} is ${kind}, which ${who} does not deploy` };
  }
  const via = deployedBy ? `deployed by ${deployedBy}` : service.root === '' ? 'which covers the whole repository' : `whose root ${service.root}/ holds it`;
  return { isDeployed: true, asset: path, provenance: `${who}, ${via}` };
}

/** The image names a service runs under: its name and its root folder's. */
export function serviceImageNames(service: Service): Set<string> {
  return new Set([service.name.toLowerCase(), service.root.split('/').pop()?.toLowerCase() ?? ''].filter(Boolean));
}

/** `ghcr.io/acme/checkout:1.2@sha256:…` → `checkout`. */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSegment = withoutDigest.split('/').pop() ?? withoutDigest;
  return (lastSegment.split(':')[0] ?? lastSegment).toLowerCase();
}
