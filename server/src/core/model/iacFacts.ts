import type { Finding } from './finding';
import type { SourceLocation } from './location';

export type IacTool = 'terraform' | 'kubernetes' | 'dockerfile' | 'compose';

/** An infrastructure resource declared in the workspace. */
export interface IacResource {
  tool: IacTool;
  /** `aws_security_group`, `Deployment`, `Service`, `FROM`… */
  type: string;
  name: string;
  /** Stable address: Terraform `type.name`, Kubernetes `Kind/namespace/name`, Dockerfile `path#stage`. */
  address: string;
  /** The whole block / object / instruction. */
  location: SourceLocation;
  /** Container images the resource runs or builds (for linking IaC to the service it deploys). */
  images?: string[];
}

/** A signal that a resource is exposed or weakly hardened, with the line that says so. */
export interface ExposureSignal {
  kind: 'internet-facing' | 'public-data-store' | 'privileged' | 'host-access' | 'runs-as-root' | 'unpinned-image' | 'plain-secret';
  resourceAddress: string;
  location: SourceLocation;
  /** Plain sentence, e.g. `aws_security_group.web allows 0.0.0.0/0 on port 22`. */
  message: string;
}

/** What one IaC file contributes to the index. */
export interface IacFacts {
  resources: IacResource[];
  signals: ExposureSignal[];
  /** Built-in rule findings (kind `iac`), each with a stable `ruleId` and, where safe, `suggestedFixes`. */
  findings: Finding[];
}
