/**
 * Custom LSP messages of the ASPM language server. Everything else uses standard LSP
 * (diagnostics, code actions, hover, configuration, progress).
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { FindingsTreeParams, FindingsTreeResult, SetCredentialsParams, StatusParams } from './dto';

/** Server → client. Sent whenever backend reachability, data freshness or the analysis result changes. */
export namespace StatusNotification {
  export const method = 'aspm/status' as const;
  export const type = new NotificationType<StatusParams>(method);
}

/** Client → server. Sent by the posture tree whenever it renders (on status change or active editor change). */
export namespace FindingsTreeRequest {
  export const method = 'aspm/findingsTree' as const;
  export const type = new RequestType<FindingsTreeParams, FindingsTreeResult, void>(method);
}

/** Client → server. Sent by the "Refresh findings" command: re-pull from the backend and re-analyse. */
export namespace RefreshRequest {
  export const method = 'aspm/refresh' as const;
  export const type = new RequestType0<void, void>(method);
}

/** Client → server. Sent after "Sign In" / "Sign Out" so the server uses the new token at once. */
export namespace SetCredentialsRequest {
  export const method = 'aspm/setCredentials' as const;
  export const type = new RequestType<SetCredentialsParams, void, void>(method);
}
