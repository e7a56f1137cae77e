import type { Severity } from '../../../model/severity';
import type { PortSpan } from '../iacSignal';
import { replaceAnchor, type IacRule } from './iacRule';

/** Remote administration and data-store ports: open to the world, they are brute-forced within minutes. */
const sensitivePorts = [22, 23, 2375, 2376, 3389, 5900, 6443, 1433, 1521, 3306, 5432, 5984, 6379, 9042, 9200, 11211, 27017];

/** Ports a public web front end is meant to serve. */
const webPorts = new Set([80, 443]);

function severityOf(ports: PortSpan[] | 'all' | undefined): Severity {
  if (ports === 'all' || ports?.some((span) => sensitivePorts.some((port) => port >= span.from && port <= span.to))) {
    return 'high';
  }
  if (ports && ports.length > 0 && ports.every((span) => span.from === span.to && webPorts.has(span.from))) {
    return 'low';
  }
  return 'medium';
}

/**
 * `iac-open-ingress`: a security group, firewall or network security rule admits traffic from `0.0.0.0/0`, `::/0`
 * or Azure's `*`/`Internet`. High when it opens every port or an administration/database port, low for 80/443 only.
 */
export const openIngressRule: IacRule = {
  id: 'iac-open-ingress',
  check: 'open-ingress',
  signalKind: 'internet-facing',
  title: 'Network rule open to the whole internet',
  cwe: ['CWE-284'],
  rationale: 'Anyone on the internet can reach these ports; only the networks that need them should.',
  remediation:
    'Restrict the source to the address ranges that need access, passed in as a variable (`var.allowed_cidr`). Put administration ports behind a VPN, a bastion or SSM Session Manager instead of opening them.',
  severity: (signal) => severityOf(signal.detail?.ports),
  fix(signal) {
    const variable = signal.detail?.family === 'ipv6' ? 'allowed_ipv6_cidr' : 'allowed_cidr';
    const edits = replaceAnchor(signal.anchor, `var.${variable}`);
    return edits
      ? {
          description: `restrict the source to var.${variable}. The variable must be declared, e.g. \`variable "${variable}" { type = string }\` in variables.tf, and set to the networks that need access.`,
          edits,
        }
      : undefined;
  },
};
