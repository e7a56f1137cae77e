import { loopbackPort } from '../compose';
import { replaceAnchor, type IacRule } from './iacRule';

/**
 * `iac-port-all-interfaces`: a Compose port published on every interface of the host (no host IP), which on a laptop
 * or a VM with a public address exposes the service to the network. Low: often intended on servers.
 */
export const portAllInterfacesRule: IacRule = {
  id: 'iac-port-all-interfaces',
  check: 'published-port',
  signalKind: 'internet-facing',
  title: 'Port published on every network interface',
  cwe: ['CWE-668'],
  rationale: 'Docker publishes it on every interface of the host and adds firewall rules that bypass host firewalls such as ufw.',
  remediation: 'Bind the port to the loopback interface (`127.0.0.1:8080:80`) unless other machines must reach it.',
  severity: () => 'low',
  fix(signal) {
    const published = signal.detail?.published;
    const port = published === undefined ? undefined : loopbackPort(published);
    const edits = port ? replaceAnchor(signal.anchor, `"${port.loopback}"`) : undefined;
    return edits ? { description: `publish on the loopback interface only (${port!.loopback}).`, edits } : undefined;
  },
};
