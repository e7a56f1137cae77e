import type { IacTool } from '../../model/iacFacts';

/**
 * The IaC tool whose syntax a file uses, by name alone: `*.tf`; `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`;
 * `docker-compose*.y(a)ml`, `compose.y(a)ml`; any other `*.y(a)ml` is a Kubernetes candidate (its content decides,
 * and YAML without Kubernetes objects yields nothing).
 */
export function iacToolFor(path: string): IacTool | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name.endsWith('.tf')) {
    return 'terraform';
  }
  if (/^docker-compose.*\.ya?ml$/i.test(name) || /^compose\.ya?ml$/i.test(name)) {
    return 'compose';
  }
  if (/\.ya?ml$/i.test(name)) {
    return 'kubernetes';
  }
  // `Dockerfile.dockerignore` is BuildKit's per-Dockerfile ignore file, not a Dockerfile.
  if (/\.dockerignore$/i.test(name)) {
    return undefined;
  }
  return /^Dockerfile(\..+)?$/i.test(name) || /.\.Dockerfile$/i.test(name) ? 'dockerfile' : undefined;
}
