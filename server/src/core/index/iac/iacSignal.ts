import type { Position, Range } from '../../model/location';
import type { ExposureSignal } from '../../model/iacFacts';

/** The built-in checks the parsers run. A rule turns the signals of one check into findings. */
export type IacCheck =
  | 'open-ingress'
  | 'public-load-balancer'
  | 'public-bucket'
  | 'public-database'
  | 'exposed-service'
  | 'ingress-host'
  | 'published-port'
  | 'privileged'
  | 'host-network'
  | 'host-path'
  | 'run-as-root'
  | 'dockerfile-root'
  | 'unpinned-image'
  | 'plain-secret';

/**
 * Where a remediation may edit, as the parser that knows the syntax sees it; the rule decides the new text.
 * `replace`: the offending literals (0-based ranges). `insert`: a new line (or lines) goes at `position`, which is the
 * start of a line unless `newlineBefore` (end of a file without a final newline). `indent` is the indentation of the
 * new line, `step` one more nesting level, `missingParents` the mapping keys to create first (YAML), and `eol` the
 * file's line ending.
 */
export type FixAnchor =
  | { kind: 'replace'; ranges: Range[] }
  | { kind: 'insert'; position: Position; indent: string; step: string; missingParents: string[]; newlineBefore: boolean; eol: string };

/** The line ending a file uses (CRLF when any line has one), for inserted lines. */
export function lineEndingOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A port or an inclusive port range a rule opens. */
export interface PortSpan {
  from: number;
  to: number;
}

/** Check-specific facts that rules use for severity and fix text. */
export interface SignalDetail {
  /** Open ingress: the ports it opens; `all` for every port, absent when unknown (computed). */
  ports?: PortSpan[] | 'all';
  /** Open ingress: which address family the open range belongs to. */
  family?: 'ipv4' | 'ipv6';
  /** Public bucket: how the bucket is made public. */
  variant?: 'access-block' | 'acl' | 'iam' | 'container-access';
  /** Host path: the host directory or file mounted. */
  hostPath?: string;
  /** Published port: the compose short syntax as written, e.g. `8080:80`. */
  published?: string;
}

/**
 * An {@link ExposureSignal} as the parsers produce it, with what the rules need on top. Internal to the IaC index:
 * {@link toExposureSignal} strips the extras before the facts leave it.
 */
export interface IacSignal extends ExposureSignal {
  check: IacCheck;
  resource: { type: string; name: string; address: string };
  /** Tells apart several signals of one check on one resource (`ingress[0].cidr_blocks[0]`, a container name…). */
  key: string;
  anchor?: FixAnchor;
  detail?: SignalDetail;
}

/** The public shape of a signal. */
export function toExposureSignal(signal: IacSignal): ExposureSignal {
  return { kind: signal.kind, resourceAddress: signal.resourceAddress, location: signal.location, message: signal.message };
}
