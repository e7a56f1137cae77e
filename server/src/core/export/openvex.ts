import { servicesOf, type ExportInput } from './exportInput';
import { vexStatementOf, type VexStatement } from './vexStatement';

/** An OpenVEX 0.2.0 document as plain JSON. */
export interface OpenVexDocument {
  '@context': 'https://openvex.dev/ns/v0.2.0';
  '@id': string;
  author: string;
  role: string;
  timestamp: string;
  version: number;
  tooling: string;
  statements: OpenVexStatement[];
}

/** One OpenVEX statement. */
export interface OpenVexStatement {
  vulnerability: { name: string; aliases?: string[] };
  products: { '@id': string; subcomponents: { identifiers: { purl: string } }[] }[];
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: 'component_not_present' | 'vulnerable_code_not_present' | 'vulnerable_code_not_in_execute_path';
  impact_statement?: string;
  action_statement?: string;
  status_notes?: string;
}

/**
 * The VEX statements of the CycloneDX export (the same {@link vexStatementOf}) as OpenVEX 0.2.0. The product is the
 * service (`https://<repository>`, with `#<service id>` when the repository has several), the vulnerable package its
 * subcomponent, identified by its purl. Mapping: exploitable → `affected` (with the fix as action), in_triage → `under_investigation`,
 * resolved → `fixed`; not_affected with `code_not_reachable` → `vulnerable_code_not_in_execute_path`, with
 * `code_not_present` (dev-only, not shipped) → `component_not_present`; a false positive → `not_affected` with an
 * impact statement saying so. Undefined when there is no statement to make (OpenVEX requires at least one).
 */
export function buildOpenVex(input: ExportInput): OpenVexDocument | undefined {
  const services = servicesOf(input);
  const base = /^[a-z0-9.-]+\.[a-z]{2,}\//i.test(input.repository) ? `https://${input.repository}` : `urn:aspm:repository:${encodeURIComponent(input.repository)}`;
  const productOf = (serviceId: string): string => (services.length > 1 ? `${base}#${encodeURIComponent(serviceId)}` : base);
  const statements = services
    .flatMap((entry) => entry.findings.map(vexStatementOf))
    .filter((statement): statement is VexStatement => statement !== undefined)
    .map((statement) => toOpenVex(statement, productOf(statement.serviceId)));
  const unique = [...new Map(statements.map((statement) => [JSON.stringify(statement), statement])).values()];
  if (unique.length === 0) {
    return undefined;
  }
  const timestamp = input.now.toISOString();
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `urn:aspm:vex:${encodeURIComponent(input.repository)}:${timestamp.replace(/[^0-9TZ]/g, '')}`,
    author: `${input.tool.name} ${input.tool.version} (reachability analysis of ${input.repository})`,
    role: 'Document Creator',
    timestamp,
    version: 1,
    tooling: `${input.tool.name} ${input.tool.version}`,
    statements: unique,
  };
}

function toOpenVex(statement: VexStatement, product: string): OpenVexStatement {
  const common = {
    vulnerability: { name: statement.vulnerability, ...(statement.aliases.length > 0 ? { aliases: statement.aliases } : {}) },
    // A purl goes in `identifiers` (matched by OpenVEX tooling as well): `pkg:` is no registered IRI scheme.
    products: [{ '@id': product, subcomponents: [{ identifiers: { purl: statement.purl } }] }],
  };
  switch (statement.state) {
    case 'exploitable':
      return { ...common, status: 'affected', action_statement: statement.action ?? 'Remove, replace or mitigate the package.', status_notes: statement.detail };
    case 'resolved':
      return { ...common, status: 'fixed', status_notes: statement.detail };
    case 'false_positive':
      return { ...common, status: 'not_affected', impact_statement: statement.detail };
    case 'not_affected':
      return statement.justification
        ? {
            ...common,
            status: 'not_affected',
            justification: statement.justification === 'code_not_present' ? 'component_not_present' : 'vulnerable_code_not_in_execute_path',
            impact_statement: statement.detail,
          }
        : { ...common, status: 'not_affected', impact_statement: statement.detail };
    default:
      return { ...common, status: 'under_investigation', status_notes: statement.detail, ...(statement.action ? { action_statement: statement.action } : {}) };
  }
}
