import type { SourceStatusDto } from '../../../shared/src/dto';
import type { SourceStatus } from '../engine/sourcePorts';
import { sourceIdOf, sourceKindLabels, type SourceConfig } from '../engine/sourcePorts';

/**
 * Every configured source of a folder as the status item and the posture view name it: its kind, URL and project,
 * whether it has a token, its freshness (last good pull) and its failure — of its last pull, else of its opening.
 */
export function toSourceStatusDtos(
  configs: readonly SourceConfig[],
  pulled: readonly SourceStatus[],
  openingFailures: readonly { message: string }[],
  hasToken: (config: SourceConfig) => boolean,
): SourceStatusDto[] {
  return configs.map((config) => {
    const id = sourceIdOf(config);
    const label = `${sourceKindLabels[config.kind]} (${config.url.replace(/\/+$/, '')})`;
    const state = pulled.find((candidate) => candidate.id === id);
    const opening = openingFailures.find((failure) => failure.message.startsWith(label));
    return {
      id,
      kind: config.kind,
      url: config.url,
      ...(config.project ? { project: config.project } : {}),
      label,
      hasToken: hasToken(config),
      lastSuccessAt: state?.lastSuccessAt?.toISOString(),
      staleSince: state?.staleSince?.toISOString(),
      failure: state?.lastFailure?.message ?? opening?.message,
      findings: state?.findings,
    };
  });
}
