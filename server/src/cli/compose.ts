import { checkSourceToken } from '../backend/credentialCheck';
import { WorkspaceEngine } from '../engine/workspaceEngine';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { queryOsvApi } from '../backend/osvApi';
import { openSources } from '../backend/sources';
import { FolderService } from '../engine/folderService';
import type { FolderSettings } from '../engine/folderSettings';
import type { FolderHost, Logger } from '../engine/ports';
import { sourceIdOf, type CredentialsLookup } from '../engine/sourcePorts';
import { createNodeFolderHost } from '../host/nodeFolderHost';
import { Outbox } from '../host/outbox';
import { TreeSitterHost } from '../host/treeSitterHost';
import { wasmLocator } from '../host/wasmLocator';

/** The CLI's folder service and the ports it was built with (the CLI's one composition module, as main.ts is the server's). */
export interface CliComposition {
  service: FolderService;
  host: FolderHost;
  folderUri: string;
}

/**
 * Builds the folder service the language server uses, for one folder on disk, from host/ and backend/: the scan is
 * the editor's open and pull. `osvFlag` is `--osv DIR`, a path the user typed (against the current directory), so
 * it is not confined to the folder as a repository's `aspm.osv.path` is.
 */
export function composeCliService(dir: string, settings: () => FolderSettings, options: { log: Logger; credentials: CredentialsLookup; osvFlag?: string }): CliComposition {
  const nodeHost = createNodeFolderHost(() => TreeSitterHost.create(wasmLocator(__dirname)), options.log, { openSources, queryOsvApi, checkSourceToken }, (ports) => new WorkspaceEngine(ports));
  const { osvFlag } = options;
  const host: FolderHost = {
    ...nodeHost,
    confineSettingPath: (folder, key, value) => (key === 'aspm.osv.path' && osvFlag !== undefined && value === osvFlag ? Promise.resolve({ path: path.resolve(osvFlag) }) : nodeHost.confineSettingPath(folder, key, value)),
  };
  const service = new FolderService({
    host,
    log: options.log,
    now: () => new Date(),
    settingsOf: () => Promise.resolve(settings()),
    isTrusted: () => true,
    tokenOf: (config) => {
      const token = options.credentials({ id: sourceIdOf(config), kind: config.kind, url: config.url });
      return typeof token === 'string' ? token : undefined;
    },
    proxy: () => undefined,
    openDocuments: () => [],
    storage: { outbox: Outbox.inDirectory(undefined) },
    asksWithoutToken: true,
    logsSourceFailures: false,
  });
  const folderUri = pathToFileURL(dir).toString();
  service.setFolders([folderUri]);
  return { service, host, folderUri };
}
