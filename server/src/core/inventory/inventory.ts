import type { ExposureSignal, IacResource, IacTool } from '../model/iacFacts';
import { parseImageRef } from '../index/iac/imageRef';
import type { RouteFact } from '../model/routeFact';
import type { ResolvedPackage } from '../model/dependency';
import type { Exposure } from '../model/exposure';
import type { SourceLocation } from '../model/location';
import { formatPurl } from '../model/purl';
import { isInServiceRoot } from '../model/service';
import type { WorkspaceIndex } from '../model/workspaceIndex';

/** How a dependency ships: named by a manifest, pulled in by one, or only needed for development. */
export type DependencyRole = 'direct' | 'transitive' | 'dev';

/** One installed (or declared) package, with the manifest line that brings it in. */
export interface InventoryDependency {
  ecosystem: string;
  name: string;
  version?: string;
  purl: string;
  role: DependencyRole;
  /** The declaration that pulls it in (its own for a direct one); a lockfile line when nothing declared does. */
  location?: SourceLocation;
}

/** How firmly an image reference pins what runs: by digest, by a version tag, or not at all (`latest`, no tag, variables). */
export type ImagePinning = 'digest' | 'tag' | 'unpinned';

/** A container image the workspace builds from (`base`: Dockerfile FROM) or runs (compose, Kubernetes). */
export interface InventoryImage {
  reference: string;
  /** Registry and repository, without tag or digest. */
  name: string;
  tag?: string;
  digest?: string;
  pinning: ImagePinning;
  role: 'base' | 'runtime';
  tool: IacTool;
  /** The resource that names it (`Deployment/default/web`, `Dockerfile#build`). */
  resourceAddress: string;
  location: SourceLocation;
}

/** Infrastructure resources of one kind (`terraform aws_s3_bucket`, `kubernetes Deployment`). */
export interface InventoryResourceKind {
  tool: IacTool;
  type: string;
  resources: { address: string; name: string; location: SourceLocation }[];
}

/** A way into the service: a route of first-party code, or infrastructure that makes it reachable from the internet. */
export interface InventoryEntryPoint {
  kind: 'route' | 'internet-facing';
  /** `GET /api/users/:id` for routes; the resource address for infrastructure. */
  label: string;
  /** The framework of a route (`express`…) or the resource type (`Service`, `aws_lb`…). */
  detail: string;
  /** Runtime data says the endpoint is public (routes), or the IaC makes it internet-facing. */
  isPublic?: boolean;
  /** Runtime data says whether it requires authentication (routes only). */
  isAuthenticated?: boolean;
  /** Why it is internet-facing, for infrastructure entries. */
  reason?: string;
  location: SourceLocation;
}

/** Where data is kept: a database, bucket, cache or search cluster declared in IaC or run as a container. */
export interface InventoryDataStore {
  kind: 'database' | 'object-storage' | 'cache' | 'search' | 'queue';
  name: string;
  tool: IacTool;
  /** Terraform resource type, or the image for a container that runs a data store. */
  type: string;
  resourceAddress: string;
  /** An IaC signal says it is publicly reachable. */
  isPublic: boolean;
  /** The signal that says so, with its line. */
  publicReason?: string;
  location: SourceLocation;
}

/** The software assets of a service (or the whole repository): what auditors call the asset inventory. */
export interface Inventory {
  dependencies: { ecosystem: string; direct: InventoryDependency[]; transitive: InventoryDependency[]; dev: InventoryDependency[] }[];
  images: InventoryImage[];
  resources: InventoryResourceKind[];
  entryPoints: InventoryEntryPoint[];
  dataStores: InventoryDataStore[];
}

const dataStoreTypes: [RegExp, InventoryDataStore['kind']][] = [
  [/^(aws_(db_instance|rds_cluster|docdb_cluster|neptune_cluster|redshift_cluster|dynamodb_table|timestreamwrite_table|keyspaces_table)|google_(sql_database_instance|spanner_instance|bigtable_instance|firestore_database|bigquery_dataset)|azurerm_(.*sql.*server|.*sql_database|cosmosdb_account|.*_flexible_server))$/, 'database'],
  [/^(aws_s3_bucket|google_storage_bucket|azurerm_storage_account|azurerm_storage_container)$/, 'object-storage'],
  [/^(aws_elasticache_(cluster|replication_group|serverless_cache)|aws_memorydb_cluster|google_redis_instance|azurerm_redis_cache)$/, 'cache'],
  [/^(aws_(opensearch|elasticsearch)_domain|azurerm_search_service)$/, 'search'],
  [/^(aws_sqs_queue|aws_sns_topic|aws_kinesis_stream|aws_msk_cluster|google_pubsub_topic|azurerm_servicebus_namespace|azurerm_eventhub_namespace)$/, 'queue'],
];

/** Images of well-known data stores, by the last segment of their repository. */
const dataStoreImages: [RegExp, InventoryDataStore['kind']][] = [
  [/^(postgres|postgis|mysql|mariadb|mongo|mongodb|cassandra|couchdb|cockroach|neo4j|mssql-server|influxdb|clickhouse-server)$/, 'database'],
  [/^(redis|valkey|memcached|keydb)$/, 'cache'],
  [/^(elasticsearch|opensearch|solr)$/, 'search'],
  [/^(minio)$/, 'object-storage'],
  [/^(rabbitmq|kafka|cp-kafka|nats)$/, 'queue'],
];

/**
 * The inventory of the part of the workspace under `root` (`""`: the whole repository): dependencies of every
 * manifest there by ecosystem and role, images, IaC resources by kind, entry points and data stores, each with the
 * file and line that declares it. Pure; sorted so that the same workspace always gives the same inventory.
 */
export function buildInventory(index: Pick<WorkspaceIndex, 'graphs' | 'routes' | 'iac'>, root: string, exposure?: Exposure): Inventory {
  const inRoot = (location: SourceLocation | undefined): boolean => location !== undefined && isInServiceRoot(location.path, root);
  const resources = index.iac.resources.filter((resource) => inRoot(resource.location));
  const signals = index.iac.signals.filter((signal) => inRoot(signal.location));
  return {
    dependencies: dependenciesOf(index.graphs.filter((rooted) => isInServiceRoot(rooted.rootManifestPath, root)).flatMap((rooted) => rooted.graph.packages)),
    images: resources.flatMap(imagesOf).sort((a, b) => byText(a.reference, b.reference) || byLocation(a.location, b.location)),
    resources: resourceKinds(resources),
    entryPoints: [...routeEntries(index.routes.filter((route) => inRoot(route.location)), exposure), ...internetFacing(signals, resources)],
    dataStores: dataStores(resources, signals),
  };
}

function dependenciesOf(packages: readonly ResolvedPackage[]): Inventory['dependencies'] {
  const byEcosystem = new Map<string, Map<string, InventoryDependency>>();
  for (const pkg of packages) {
    const role: DependencyRole = pkg.isDevOnly ? 'dev' : pkg.isDirect ? 'direct' : 'transitive';
    const key = `${pkg.name}@${pkg.version ?? ''}`;
    const entries = byEcosystem.get(pkg.ecosystem) ?? new Map<string, InventoryDependency>();
    byEcosystem.set(pkg.ecosystem, entries);
    const known = entries.get(key);
    // The same package in several lockfiles of the root: the strongest role wins (shipped before dev, direct first).
    if (!known || roleRank[role] < roleRank[known.role]) {
      const declaration = pkg.introducedBy[0];
      entries.set(key, {
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
        purl: formatPurl(pkg.ecosystem, pkg.name, pkg.version),
        role,
        location: declaration ? { path: declaration.manifestPath, range: declaration.range } : undefined,
      });
    }
  }
  return [...byEcosystem.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([ecosystem, entries]) => {
      const sorted = [...entries.values()].sort((a, b) => byText(a.name, b.name) || byText(a.version ?? '', b.version ?? ''));
      return { ecosystem, direct: sorted.filter((entry) => entry.role === 'direct'), transitive: sorted.filter((entry) => entry.role === 'transitive'), dev: sorted.filter((entry) => entry.role === 'dev') };
    });
}

const roleRank: Record<DependencyRole, number> = { direct: 0, transitive: 1, dev: 2 };

function imagesOf(resource: IacResource): InventoryImage[] {
  return (resource.images ?? []).map((reference) => {
    const ref = parseImageRef(reference);
    return {
      reference,
      name: ref.name,
      ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
      ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
      pinning: imagePinning(reference),
      role: resource.tool === 'dockerfile' ? 'base' : 'runtime',
      tool: resource.tool,
      resourceAddress: resource.address,
      location: resource.location,
    };
  });
}

/**
 * How an image reference pins what runs: a digest pins the bytes; a tag other than `latest` pins a version (which
 * its publisher may still move); no tag, `latest` or a variable pins nothing.
 */
export function imagePinning(reference: string): ImagePinning {
  const trimmed = reference.trim();
  const ref = parseImageRef(trimmed);
  if (ref.digest && /^sha256:[0-9a-f]{64}$/i.test(ref.digest)) {
    return 'digest';
  }
  if (/[${}]/.test(trimmed) || ref.tag === undefined || ref.tag === 'latest' || ref.tag === '') {
    return 'unpinned';
  }
  return 'tag';
}

function resourceKinds(resources: readonly IacResource[]): InventoryResourceKind[] {
  const byKind = new Map<string, InventoryResourceKind>();
  for (const resource of resources) {
    const key = `${resource.tool} ${resource.type}`;
    const kind = byKind.get(key) ?? { tool: resource.tool, type: resource.type, resources: [] };
    byKind.set(key, kind);
    kind.resources.push({ address: resource.address, name: resource.name, location: resource.location });
  }
  return [...byKind.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([, kind]) => ({ ...kind, resources: kind.resources.sort((a, b) => byLocation(a.location, b.location)) }));
}

function routeEntries(routes: readonly RouteFact[], exposure: Exposure | undefined): InventoryEntryPoint[] {
  return [...routes]
    .sort((a, b) => byLocation(a.location, b.location) || byText(a.method, b.method))
    .map((route) => {
      // Runtime data names concrete paths (`/api/users/7`): a route pattern matches when its literal segments do.
      const observed = exposure?.endpoints.find((endpoint) => (route.method === 'ALL' || endpoint.method.toUpperCase() === route.method) && routeMatches(route.path, endpoint.path));
      return {
        kind: 'route' as const,
        label: `${route.method} ${route.path}`,
        detail: route.framework,
        ...(observed?.exposure !== undefined ? { isPublic: observed.exposure === 'public' } : {}),
        ...(observed?.isAuthenticated !== undefined ? { isAuthenticated: observed.isAuthenticated } : {}),
        location: route.location,
      };
    });
}

function routeMatches(pattern: string, path: string): boolean {
  const wanted = pattern.split('/').filter(Boolean);
  const actual = path.split('?')[0]!.split('/').filter(Boolean);
  return wanted.length === actual.length && wanted.every((segment, at) => /^[:{*<]/.test(segment) || segment === actual[at]);
}

function internetFacing(signals: readonly ExposureSignal[], resources: readonly IacResource[]): InventoryEntryPoint[] {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const seen = new Set<string>();
  return signals
    .filter((signal) => signal.kind === 'internet-facing')
    .sort((a, b) => byLocation(a.location, b.location))
    .flatMap((signal) => {
      if (seen.has(signal.resourceAddress)) {
        return [];
      }
      seen.add(signal.resourceAddress);
      const resource = byAddress.get(signal.resourceAddress);
      return [{ kind: 'internet-facing' as const, label: signal.resourceAddress, detail: resource?.type ?? 'resource', isPublic: true, reason: signal.message, location: signal.location }];
    });
}

function dataStores(resources: readonly IacResource[], signals: readonly ExposureSignal[]): InventoryDataStore[] {
  const publicSignals = signals.filter((signal) => signal.kind === 'public-data-store');
  // Terraform splits a bucket's settings into companion resources (`aws_s3_bucket_acl.assets` for
  // `aws_s3_bucket.assets`): a signal on one of them counts for the store of the same name.
  const publicSignalOf = (resource: IacResource): ExposureSignal | undefined =>
    publicSignals.find((signal) => signal.resourceAddress === resource.address) ??
    publicSignals.find((signal) => resource.tool === 'terraform' && signal.resourceAddress.startsWith(`${resource.type}_`) && signal.resourceAddress.endsWith(`.${resource.name}`));
  const stores: InventoryDataStore[] = [];
  const add = (resource: IacResource, kind: InventoryDataStore['kind'], type: string): void => {
    const signal = publicSignalOf(resource);
    const where = signal ? `${signal.location.path}:${signal.location.range.start.line + 1}` : '';
    stores.push({
      kind,
      name: resource.name,
      tool: resource.tool,
      type,
      resourceAddress: resource.address,
      isPublic: signal !== undefined,
      ...(signal ? { publicReason: `${where}: ${signal.message}` } : {}),
      location: resource.location,
    });
  };
  for (const resource of resources) {
    const typeKind = resource.tool === 'terraform' ? dataStoreTypes.find(([pattern]) => pattern.test(resource.type))?.[1] : undefined;
    if (typeKind) {
      add(resource, typeKind, resource.type);
      continue;
    }
    if (resource.tool === 'dockerfile') {
      continue; // a base image is built upon, not run as a store
    }
    for (const image of resource.images ?? []) {
      const repository = parseImageRef(image).name.split('/').pop()?.toLowerCase() ?? '';
      const imageKind = dataStoreImages.find(([pattern]) => pattern.test(repository))?.[1];
      if (imageKind) {
        add(resource, imageKind, image);
      }
    }
  }
  return stores.sort((a, b) => byLocation(a.location, b.location));
}

function byLocation(a: SourceLocation, b: SourceLocation): number {
  return byText(a.path, b.path) || a.range.start.line - b.range.start.line;
}

/** Code-point order, the same on every machine. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
