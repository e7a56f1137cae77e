import { TreeSitterHost } from '../host/treeSitterHost';
import { wasmLocator } from '../host/wasmLocator';

let host: Promise<TreeSitterHost> | undefined;

/** One real tree-sitter host shared by the unit tests of the language indexers, so grammars load once. */
export function sharedTreeSitterHost(): Promise<TreeSitterHost> {
  host ??= TreeSitterHost.create(wasmLocator(__dirname));
  return host;
}
