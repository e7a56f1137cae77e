/**
 * The order of a cold index (issue 10 item 5): first the files that decide which findings exist and where they show
 * (manifests, lockfiles, reports, ignore and policy files), so manifest-level findings can be published before the
 * source files are read; then the source files that most often change a verdict (routers and entry points, which
 * routing and exposure start from); then the rest, in listing order.
 */
export interface IndexOrder {
  /** Manifests and other data files: read before anything is published. */
  data: string[];
  /** Every other file, the likely verdict-changing ones first. */
  sources: string[];
}

/** Folders whose files are usually routers or request handlers. */
const routeFolder = /(^|\/)(routes?|routers?|controllers?|handlers?|api|endpoints?|views?)\//i;
/** File names of usual entry points and routers. */
const entryName = /(^|\/)(app|server|index|main|routes?|router|urls|wsgi|asgi)\.[a-z]+$/i;

/** Splits and orders a folder's listing; `isData` tells the data files (see {@link IndexOrder.data}). */
export function planIndexOrder(paths: readonly string[], isData: (path: string) => boolean): IndexOrder {
  const data: string[] = [];
  const early: string[] = [];
  const rest: string[] = [];
  for (const path of paths) {
    if (isData(path)) {
      data.push(path);
    } else if (routeFolder.test(path) || entryName.test(path)) {
      early.push(path);
    } else {
      rest.push(path);
    }
  }
  return { data, sources: [...early, ...rest] };
}

/**
 * Source files left after the data files from which findings are published before the sources are read. Below it the
 * whole index is quick, and the final verdict a moment later beats a provisional one that changes at once.
 */
export const earlyPublishMinSourceFiles = 500;
