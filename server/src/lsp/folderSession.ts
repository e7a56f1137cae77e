// The session of a workspace folder is the folder service's (engine/folderSession.ts); handlers import it from here.
export type { FolderSession, OpenedSources } from '../engine/folderSession';
