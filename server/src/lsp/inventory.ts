import type { ControlDto, InventoryItemDto, InventoryResult, LocationDto } from '../../../shared/src/dto';
import { evaluateControls, type ControlResult } from '../core/controls/evaluateControls';
import { servicesOf, type ExportInput } from '../core/export/exportInput';
import { buildInventory } from '../core/inventory/inventory';
import type { SourceLocation } from '../core/model/location';
import { serviceForPath } from '../core/model/service';
import { lineRange } from '../core/model/location';

/**
 * The inventory and controls of the service whose root holds the active file (else the first service): the
 * `aspm/inventory` answer. Every entry carries the location that declares it, as an LSP location.
 */
export function inventoryFor(input: ExportInput, activePath: string | undefined, uriOf: (path: string) => string): InventoryResult {
  const services = servicesOf(input);
  const entry = (activePath !== undefined ? serviceForPath(services.map((candidate) => ({ ...candidate, root: candidate.service.root })), activePath) : undefined) ?? services[0]!;
  const inventory = buildInventory(input.index, entry.service.root, entry.exposure);
  const at = (location: SourceLocation | undefined): LocationDto | undefined => (location ? { uri: uriOf(location.path), range: location.range } : undefined);
  const item = (label: string, description: string | undefined, location: SourceLocation | undefined): InventoryItemDto => ({
    label,
    ...(description ? { description } : {}),
    ...(location ? { location: at(location) } : {}),
  });
  const controls = evaluateControls(entry, { index: input.index, controls: input.controls, policies: entry.policies, now: input.now, serviceRoots: services.map((candidate) => candidate.service.root) });
  return {
    service: { id: entry.service.id, name: entry.service.name, root: entry.service.root },
    ...(services.length === 0 ? { message: 'Nothing indexed yet.' } : {}),
    dependencies: inventory.dependencies.map((group) => {
      const toItem = (dependency: (typeof group.direct)[number]): InventoryItemDto => item(`${dependency.name}@${dependency.version ?? '?'}`, dependency.role, dependency.location);
      return { ecosystem: group.ecosystem, direct: group.direct.map(toItem), transitive: group.transitive.map(toItem), dev: group.dev.map(toItem) };
    }),
    images: inventory.images.map((image) => ({ ...item(image.reference, `${image.role} · ${image.pinning === 'unpinned' ? 'not pinned' : `pinned by ${image.pinning}`}`, image.location), role: image.role, pinning: image.pinning })),
    resources: inventory.resources.map((kind) => ({ tool: kind.tool, type: kind.type, items: kind.resources.map((resource) => item(resource.address, undefined, resource.location)) })),
    entryPoints: inventory.entryPoints.map((point) => ({
      ...item(point.label, point.reason ?? point.detail, point.location),
      kind: point.kind,
      ...(point.isPublic !== undefined ? { isPublic: point.isPublic } : {}),
      ...(point.isAuthenticated !== undefined ? { isAuthenticated: point.isAuthenticated } : {}),
    })),
    dataStores: inventory.dataStores.map((store) => ({ ...item(store.resourceAddress, store.publicReason ?? store.type, store.location), kind: store.kind, isPublic: store.isPublic })),
    controls: controls.map((control) => toControlDto(control, at)),
  };
}

function toControlDto(control: ControlResult, at: (location: SourceLocation | undefined) => LocationDto | undefined): ControlDto {
  const origin = control.origin;
  return {
    id: control.id,
    title: control.title,
    rule: control.rule,
    origin: origin.kind === 'organisation' ? `organisation policy ${origin.policyId}` : `${origin.path}:${origin.line}`,
    ...(origin.kind === 'repository' ? { originLocation: at({ path: origin.path, range: lineRange(origin.line - 1) }) } : {}),
    status: control.status,
    summary: control.summary,
    evidence: control.evidence.map((evidence) => ({ message: evidence.message, ...(evidence.findingId ? { findingId: evidence.findingId } : {}), ...(evidence.location ? { location: at(evidence.location) } : {}) })),
  };
}
