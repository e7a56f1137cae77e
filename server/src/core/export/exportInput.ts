import type { DeclaredControl } from '../controls/policyFile';
import type { AnalyzedFinding } from '../model/analysis';
import type { Exposure } from '../model/exposure';
import type { Policy } from '../model/policy';
import type { Service } from '../model/service';
import type { WorkspaceIndex } from '../model/workspaceIndex';

/** One service as the exports see it: what the backend says about it and its analyzed findings. */
export interface ExportService {
  service: Service;
  exposure: Exposure;
  hasExposureData: boolean;
  findings: readonly AnalyzedFinding[];
  /** The organisation's policies for the service. */
  policies: readonly Policy[];
}

/** Everything an export (SBOM, VEX, evidence report) is built from. Pure data; `now` stamps the document. */
export interface ExportInput {
  /** Repository identity, e.g. `github.com/acme/shop`. */
  repository: string;
  tool: { name: string; version: string };
  now: Date;
  /** The analysed services; an empty list stands for the whole repository as one service. */
  services: readonly ExportService[];
  /** The controls of the repository's `.aspm/policy.yaml` files. */
  controls: readonly DeclaredControl[];
  index: Pick<WorkspaceIndex, 'graphs' | 'routes' | 'iac'>;
}

/** The services of an export, or the whole repository as one unnamed-by-backend service when there are none. */
export function servicesOf(input: Pick<ExportInput, 'repository' | 'services'>): readonly ExportService[] {
  if (input.services.length > 0) {
    return input.services;
  }
  const name = input.repository.split('/').pop() || input.repository;
  return [{ service: { id: 'repository', name, root: '' }, exposure: { environments: [], dataClasses: [], endpoints: [] }, hasExposureData: false, findings: [], policies: [] }];
}
