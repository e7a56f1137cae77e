import { partitionPoint } from '../core/model/lists';

/** Moves of files' fact revisions logged at most, before the oldest half is dropped. */
const maxLogged = 200_000;

/**
 * A clock value per file, moved when its imports, calls or fields change (see IndexRevisions.facts), with a log of
 * the moves: a package decision kept across edits asks which files changed since it was made, instead of checking
 * the revision of each of the thousands of files it read.
 */
export class FactRevisions {
  private readonly revisions = new Map<string, number>();
  private log: { revision: number; path: string }[] = [];
  /** Moves at or before this revision are no longer logged. */
  private floor = 0;

  get(path: string): number | undefined {
    return this.revisions.get(path);
  }

  /** Records a file's new revision, which is above every revision recorded before. */
  set(path: string, revision: number): this {
    this.revisions.set(path, revision);
    this.log.push({ revision, path });
    if (this.log.length > maxLogged) {
      const dropped = this.log.length >> 1;
      this.floor = this.log[dropped - 1]!.revision;
      this.log = this.log.slice(dropped);
    }
    return this;
  }

  /** The latest revision recorded (0 before any). */
  get latest(): number {
    return this.log.at(-1)?.revision ?? this.floor;
  }

  /** The files whose revision moved after `since`, each once; undefined when moves that old are no longer logged. */
  changedSince(since: number): string[] | undefined {
    if (since < this.floor) {
      return undefined;
    }
    const first = partitionPoint(this.log, (entry) => entry.revision <= since);
    return [...new Set(this.log.slice(first).map((entry) => entry.path))];
  }
}
