import type { ExposureSignal, IacResource } from '../model/iacFacts';
import type { Service } from '../model/service';
import { isInServiceRoot } from '../model/service';

/**
 * The IaC declarations that make a service internet-facing: signals in IaC files under the service's root, or on
 * resources that run the service's image (image repository named like the service or its root folder, e.g.
 * `ghcr.io/acme/checkout:1.2` for service `checkout`). Each names the line that says so.
 */
export function iacInternetExposure(service: Service, iac: { resources: readonly IacResource[]; signals: readonly ExposureSignal[] }): ExposureSignal[] {
  const names = new Set([service.name.toLowerCase(), service.root.split('/').pop()?.toLowerCase() ?? ''].filter(Boolean));
  const runsServiceImage = new Set(
    iac.resources.filter((resource) => resource.images?.some((image) => names.has(imageName(image)))).map((resource) => resource.address),
  );
  return iac.signals.filter(
    (signal) =>
      signal.kind === 'internet-facing' &&
      ((service.root !== '' && isInServiceRoot(signal.location.path, service.root)) || runsServiceImage.has(signal.resourceAddress) || (service.root === '' && runsServiceImage.size === 0)),
  );
}

/** `ghcr.io/acme/checkout:1.2@sha256:…` → `checkout`. */
function imageName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSegment = withoutDigest.split('/').pop() ?? withoutDigest;
  return (lastSegment.split(':')[0] ?? lastSegment).toLowerCase();
}
