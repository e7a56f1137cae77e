import type { FolderSettings } from './folderSettings';
import type { FolderHost, Logger, OutboxStore, SnapshotStore } from './ports';
import type { SourceConfig } from './sourcePorts';

/**
 * What changed in the folders: `findings` (every file's diagnostics are computed and sent again), `pulled` (a pull
 * ended: only the files whose diagnostics changed need sending) or `status` only.
 */
export type FolderChange = 'findings' | 'pulled' | 'status';

/** Progress of a cold index, shown by the editor (with a cancel button) when it can. */
export interface IndexProgress {
  report(percent: number, message: string): void;
  onCancel(listener: () => void): void;
  done(): void;
}

/** Where pulled data and unsent writes persist (the extension's storage; in memory without one). */
export interface FolderStorage {
  cache?: SnapshotStore;
  outbox: OutboxStore;
}

/** What a folder service is built from: its I/O ports and what its embedder (editor or CLI) decides. */
export interface FolderServiceOptions {
  host: FolderHost;
  log: Logger;
  now(): Date;
  /** A folder's settings, parsed with the shared schema by the embedder. */
  settingsOf(folderUri: string): Promise<FolderSettings>;
  /** False in an untrusted workspace: no source, OSV or git is contacted. */
  isTrusted(): boolean;
  /** A source's token, when the user signed in to it. */
  tokenOf(config: SourceConfig): string | undefined;
  /** The editor's proxy, when it has one (else the environment's). */
  proxy(): string | undefined;
  /** Documents open in the editor, indexed from their live text rather than the disk. */
  openDocuments(): readonly { uri: string; text: string }[];
  /** Progress of a cold index, when the embedder can show it. */
  progress?(folderPath: string): Promise<IndexProgress | undefined>;
  storage: FolderStorage;
  /**
   * The CLI asks a source without a token too (it says what it needs, and the scan fails); the editor leaves it
   * for "ASPM: Sign In". Default false.
   */
  asksWithoutToken?: boolean;
  /** Whether the service logs source failures (the editor); the CLI ends with them as its error instead. Default true. */
  logsSourceFailures?: boolean;
}

/** What the folder modules share: the options, plus the change event. */
export interface FolderContext extends FolderServiceOptions {
  changed(change: FolderChange): Promise<void>;
}
