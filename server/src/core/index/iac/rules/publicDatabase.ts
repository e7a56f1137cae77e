import { replaceAnchor, type IacRule } from './iacRule';

/** `iac-public-database`: a managed database (or other data service) with `publicly_accessible = true`. */
export const publicDatabaseRule: IacRule = {
  id: 'iac-public-database',
  check: 'public-database',
  signalKind: 'public-data-store',
  title: 'Database reachable from the internet',
  cwe: ['CWE-284'],
  rationale: 'It gets a public address, so its login is exposed to the internet, only a security group away from anyone.',
  remediation: 'Keep databases in private subnets and reach them from the application tier, a bastion or a VPN.',
  severity: () => 'high',
  fix(signal) {
    const edits = replaceAnchor(signal.anchor, 'false');
    return edits ? { description: 'set publicly_accessible = false.', edits } : undefined;
  },
};
