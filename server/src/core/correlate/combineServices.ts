import type { ServiceData } from '../analyze';
import type { Exposure } from '../model/exposure';
import type { PackageRef } from '../model/finding';
import type { Policy } from '../model/policy';

/**
 * Combines the services several sources report for one repository: services with the same root are one service
 * (DefectDojo's product, Dependency-Track's project and the GitHub repository all cover the whole repository), so
 * their findings are analysed together and the same advisory reported by two sources becomes one finding. The first
 * source's service names the result; findings are concatenated (merged later, with the local ones); exposure
 * evidence is united; policies are kept once per id. A single service per root is returned as is.
 */
export function combineServices(services: readonly ServiceData[]): ServiceData[] {
  const byRoot = new Map<string, ServiceData[]>();
  for (const data of services) {
    const group = byRoot.get(data.service.root);
    if (group) {
      group.push(data);
    } else {
      byRoot.set(data.service.root, [data]);
    }
  }
  return [...byRoot.values()].map((group) => (group.length === 1 ? group[0]! : combineGroup(group)));
}

function combineGroup(group: readonly ServiceData[]): ServiceData {
  const findings = [];
  for (const data of group) {
    // One by one: a spread of 100k findings into push() overflows the call stack.
    for (const finding of data.findings) {
      findings.push(finding);
    }
  }
  const policies = new Map<string, Policy>();
  for (const policy of group.flatMap((data) => data.policies ?? [])) {
    if (!policies.has(policy.id)) {
      policies.set(policy.id, policy);
    }
  }
  const first = group[0]!;
  const withExposure = group.filter((data) => data.hasExposureData);
  return {
    service: { ...first.service, businessCriticality: group.map((data) => data.service.businessCriticality).find((value) => value !== undefined) },
    findings,
    exposure: withExposure.length > 0 ? combineExposure(withExposure.map((data) => data.exposure)) : first.exposure,
    hasExposureData: withExposure.length > 0,
    policies: [...policies.values()],
  };
}

/** Exposure evidence of several sources: internet-facing (or external audience) if any says so, every environment, data class and endpoint. */
export function combineExposure(exposures: readonly Exposure[]): Exposure {
  const said = exposures.map((exposure) => exposure.isInternetFacing).filter((value): value is boolean => value !== undefined);
  const environments = new Map<string, Exposure['environments'][number]>();
  const endpoints = new Map<string, Exposure['endpoints'][number]>();
  let loadedPackages: PackageRef[] | undefined;
  for (const exposure of exposures) {
    for (const environment of exposure.environments) {
      environments.set(environment.name, environments.get(environment.name) ?? environment);
    }
    for (const endpoint of exposure.endpoints) {
      endpoints.set(`${endpoint.method} ${endpoint.path}`, endpoints.get(`${endpoint.method} ${endpoint.path}`) ?? endpoint);
    }
    if (exposure.loadedPackages) {
      loadedPackages = [...(loadedPackages ?? []), ...exposure.loadedPackages.filter((pkg) => !loadedPackages?.some((known) => known.purl === pkg.purl))];
    }
  }
  const audiences = exposures.map((exposure) => exposure.audience).filter((value) => value !== undefined);
  const observed = exposures.map((exposure) => exposure.observedAt).filter((value): value is string => value !== undefined).sort();
  return {
    observedAt: observed.at(-1),
    isInternetFacing: said.length === 0 ? undefined : said.some(Boolean),
    ...(audiences.length > 0 ? { audience: audiences.includes('external') ? 'external' : 'internal' } : {}),
    environments: [...environments.values()],
    dataClasses: [...new Set(exposures.flatMap((exposure) => exposure.dataClasses))],
    endpoints: [...endpoints.values()],
    loadedPackages,
  };
}
