/** A deployable unit of the repository, as the backend defines it. */
export interface Service {
  id: string;
  name: string;
  /** Repository-relative folder (`""` = the whole repository), with `/` separators and no trailing slash. */
  root: string;
  businessCriticality?: string;
  owners?: string[];
  dashboardUrl?: string;
}

/** Whether a repository-relative path lies inside a service root. */
export function isInServiceRoot(path: string, root: string): boolean {
  return root === '' || path === root || path.startsWith(`${root}/`);
}

/** The service whose root holds `path` most specifically, if any. */
export function serviceForPath<T extends { root: string }>(services: readonly T[], path: string): T | undefined {
  let best: T | undefined;
  for (const service of services) {
    if (isInServiceRoot(path, service.root) && (best === undefined || service.root.length > best.root.length)) {
      best = service;
    }
  }
  return best;
}
