/**
 * Custom LSP messages of the ASPM language server. Everything else uses standard LSP
 * (diagnostics, code actions, hover, configuration, progress). Secrets never travel as LSP messages: see
 * credentials.ts.
 */
import { NotificationType, RequestType, RequestType0, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type {
  CheckCredentialsParams,
  CheckCredentialsResult,
  CreateTicketParams,
  ExportParams,
  ExportResult,
  InventoryParams,
  InventoryResult,
  PostureTreeParams,
  PostureTreeResult,
  FindingsTreeParams,
  FindingsTreeResult,
  IgnoreFindingParams,
  StatusParams,
  TriageParams,
  WriteOutcome,
} from './dto';

/** Server → client. Sent whenever backend reachability, data freshness or the analysis result changes. */
export namespace StatusNotification {
  export const method = 'aspm/status' as const;
  export const type = new NotificationType<StatusParams>(method);
}

/**
 * Client → server. The whole posture of the service around `activeUri` in one answer (every finding, by band, and the
 * filtered ones): for tests and automation. The posture view uses the paged `aspm/postureTree`.
 */
export namespace FindingsTreeRequest {
  export const method = 'aspm/findingsTree' as const;
  export const type = new RequestType<FindingsTreeParams, FindingsTreeResult, void>(method);
}

/**
 * Client → server. Sent by the posture view: with no `parentId` when it renders (on status change, or when the
 * active editor moves to another service), with a `parentId` when a group is expanded or "Show more" is clicked.
 * Answers one small page: groups carry counts, their children come on expand.
 */
export namespace PostureTreeRequest {
  export const method = 'aspm/postureTree' as const;
  export const type = new RequestType<PostureTreeParams, PostureTreeResult, void>(method);
}

/** Client → server. Sent by "ASPM: Scan Now": re-index every folder, reload advisories and re-pull the backend. */
export namespace ScanRequest {
  export const method = 'aspm/scan' as const;
  export const type = new RequestType0<void, void>(method);
}

/** Client → server. Sent by the "Refresh findings" command: re-pull from the backend and re-analyse. */
export namespace RefreshRequest {
  export const method = 'aspm/refresh' as const;
  export const type = new RequestType0<void, void>(method);
}

/**
 * Client → server. Sent by "Accept risk…", "Mark not affected…", "False positive…" (code action or tree menu) after
 * the user gave a reason. Offline, the decision is queued and sent when the backend answers again.
 */
export namespace TriageRequest {
  export const method = 'aspm/triage' as const;
  export const type = new RequestType<TriageParams, WriteOutcome, void>(method);
}

/** Client → server. Sent by "Create ticket…" after the user confirmed the title. Queued when offline. */
export namespace CreateTicketRequest {
  export const method = 'aspm/createTicket' as const;
  export const type = new RequestType<CreateTicketParams, WriteOutcome, void>(method);
}

/**
 * Client → server. Sent by "Ignore in this workspace…": answers the edit that adds the entry to `.aspm/ignore.yaml`
 * (the client applies it, so it is undoable and visible), or null when the finding is unknown.
 */
export namespace IgnoreFindingRequest {
  export const method = 'aspm/ignoreFinding' as const;
  export const type = new RequestType<IgnoreFindingParams, WorkspaceEdit | null, void>(method);
}

/**
 * Client → server. Sent when a view asks for the asset inventory and the controls of the service around the active
 * editor: dependencies by ecosystem (direct, transitive, dev), container images, IaC resources by kind, entry points,
 * data stores, each with its file and line, and each control's status with its evidence.
 */
export namespace InventoryRequest {
  export const method = 'aspm/inventory' as const;
  export const type = new RequestType<InventoryParams, InventoryResult, void>(method);
}

/**
 * Client → server. Sent by "Export SBOM…" and "Export Evidence Report…" after the user chose a format: the server
 * builds the document from the current analysis; the client saves it where the user chose.
 */
export namespace ExportRequest {
  export const method = 'aspm/export' as const;
  export const type = new RequestType<ExportParams, ExportResult, void>(method);
}

/**
 * Client → server. Sent by "ASPM: Sign In" before it keeps a token: the server makes one authenticated call to the
 * source through its own HTTP client (the proxy and CA settings of every pull) and answers who or what it reached, or
 * why not. The token itself went first on the credentials pipe as a candidate under `candidate` (credentials.ts).
 */
export namespace CheckCredentialsRequest {
  export const method = 'aspm/checkCredentials' as const;
  export const type = new RequestType<CheckCredentialsParams, CheckCredentialsResult, void>(method);
}
