// Type declarations for the Node libraries this folder uses that ship none.
//
// yauzl: only the central-directory listing `mavenJarPackages.ts` uses.
declare module 'yauzl' {
  import type { EventEmitter } from 'node:events';

  /** One entry of the zip's central directory. Folders end with `/`. */
  export interface Entry {
    fileName: string;
  }

  /** An open archive; with `lazyEntries`, each `readEntry()` emits the next `entry`, then `end`. */
  export interface ZipFile extends EventEmitter {
    readEntry(): void;
    close(): void;
    on(event: 'entry', listener: (entry: Entry) => void): this;
    on(event: 'end' | 'close', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }

  export function open(path: string, options: { lazyEntries?: boolean; autoClose?: boolean; decodeStrings?: boolean }, callback: (error: Error | null, zipfile?: ZipFile) => void): void;
}
