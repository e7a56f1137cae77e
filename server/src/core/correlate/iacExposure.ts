import type { ExposureSignal, IacResource } from '../model/iacFacts';
import type { Service } from '../model/service';
import { isInServiceRoot } from '../model/service';
import { imageName, notDeployedKind, serviceImageNames } from './assetExposure';

/**
 * The IaC declarations that make a service internet-facing: signals in IaC files under the service's root, or on
 * resources that run the service's image (image repository named like the service or its root folder, e.g.
 * `ghcr.io/acme/checkout:1.2` for service `checkout`). Each names the line that says so. Test fixtures, examples and
 * tooling (`test/smoke/docker-compose.yml`) deploy nothing: their signals do not count.
 */
export function iacInternetExposure(service: Service, iac: { resources: readonly IacResource[]; signals: readonly ExposureSignal[] }): ExposureSignal[] {
  const names = serviceImageNames(service);
  const runsServiceImage = new Set(
    iac.resources.filter((resource) => resource.images?.some((image) => names.has(imageName(image)))).map((resource) => resource.address),
  );
  return iac.signals.filter(
    (signal) =>
      signal.kind === 'internet-facing' &&
      notDeployedKind(signal.location.path, service.root) === undefined &&
      ((service.root !== '' && isInServiceRoot(signal.location.path, service.root)) || runsServiceImage.has(signal.resourceAddress) || (service.root === '' && runsServiceImage.size === 0)),
  );
}
