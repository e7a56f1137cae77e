import type { SourceLocation } from '../model/location';
import type { Inventory } from './inventory';

/** An inventory as lines of text (`path:line` 1-based), the form its fixture expectation files hold. */
export interface InventorySnapshot {
  dependencies: Record<string, { direct: string[]; transitive: number; dev: number }>;
  images: string[];
  resources: string[];
  entryPoints: string[];
  dataStores: string[];
}

/**
 * A compact, stable projection of an inventory for fixture expectations: direct dependencies in full, transitive
 * and dev ones counted, everything else one line per entry with the place that declares it.
 */
export function snapshotInventory(inventory: Inventory): InventorySnapshot {
  const at = (location: SourceLocation | undefined): string => (location ? `${location.path}:${location.range.start.line + 1}` : '-');
  return {
    dependencies: Object.fromEntries(
      inventory.dependencies.map((group) => [group.ecosystem, { direct: group.direct.map((entry) => `${entry.purl} ${at(entry.location)}`), transitive: group.transitive.length, dev: group.dev.length }]),
    ),
    images: inventory.images.map((image) => `${image.reference} ${image.role} ${image.pinning} ${image.resourceAddress} ${at(image.location)}`),
    resources: inventory.resources.map((kind) => `${kind.tool} ${kind.type}: ${kind.resources.map((resource) => `${resource.address} ${at(resource.location)}`).join(', ')}`),
    entryPoints: inventory.entryPoints.map(
      (entry) => `${entry.kind} ${entry.label} (${entry.detail})${entry.isPublic ? ' public' : ''}${entry.isAuthenticated === false ? ' unauthenticated' : ''} ${at(entry.location)}`,
    ),
    dataStores: inventory.dataStores.map((store) => `${store.kind} ${store.resourceAddress} (${store.type})${store.isPublic ? ' public' : ''} ${at(store.location)}`),
  };
}
