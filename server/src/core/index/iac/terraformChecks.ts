import type { Range } from '../../model/location';
import type { IacSignal, PortSpan, SignalDetail } from './iacSignal';
import type { TerraformFile, TfAttribute, TfBlock, TfValue } from './terraform';

const openCidrs: ReadonlyMap<string, 'ipv4' | 'ipv6'> = new Map([
  ['0.0.0.0/0', 'ipv4'],
  ['::/0', 'ipv6'],
]);

/** Azure source prefixes that mean "anyone". */
const openAzurePrefixes = new Set(['*', 'internet', 'any', '0.0.0.0/0', '0.0.0.0']);

const publicAcls = new Set(['public-read', 'public-read-write', 'authenticated-read']);

const publicAccessBlockFlags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

const allUsers = new Set(['allUsers', 'allAuthenticatedUsers']);

/** Exposure signals of the resources of one Terraform file. */
export function terraformSignals(path: string, file: TerraformFile): IacSignal[] {
  return file.blocks.filter((block) => block.kind === 'resource').flatMap((block) => resourceSignals(new BlockReader(path, block)));
}

function resourceSignals(reader: BlockReader): IacSignal[] {
  return [...openIngress(reader), ...publicBucket(reader), ...publicDatabase(reader), ...publicLoadBalancer(reader)];
}

/** Reads the attributes of one block with its signal helpers. */
class BlockReader {
  constructor(
    readonly path: string,
    readonly block: TfBlock,
  ) {}

  /** Top-level attribute by name. */
  top(name: string): TfAttribute | undefined {
    return this.block.attributes.find((attribute) => attribute.blockPath.length === 0 && attribute.name === name);
  }

  /** Attribute groups of the nested blocks named `name` (one level deep), in document order. */
  nested(name: string): Map<string, TfAttribute>[] {
    return this.block.nestedBlocks
      .filter((nested) => nested.path.length === 1 && nested.path[0] === name)
      .map((nested) => new Map(this.block.attributes.filter((attribute) => attribute.blockId === nested.id).map((attribute) => [attribute.name, attribute])));
  }

  signal(fields: Pick<IacSignal, 'kind' | 'check' | 'key' | 'message' | 'anchor' | 'detail'> & { range: Range }): IacSignal {
    const { range, ...rest } = fields;
    const { type, name, address } = this.block;
    return { ...rest, resourceAddress: address, resource: { type, name, address }, location: { path: this.path, range } };
  }
}

// ─── open ingress ───────────────────────────────────────────────────────────────────────────────────────────────

/** One ingress rule as its resource type spells it: the attributes that may hold open ranges, and its ports. */
interface IngressRule {
  label: string;
  attributes: ReadonlyMap<string, TfAttribute>;
  ports: PortSpan[] | 'all' | undefined;
}

function openIngress(reader: BlockReader): IacSignal[] {
  const rules = ingressRules(reader);
  return rules.flatMap((rule) =>
    [...rule.attributes.values()].flatMap((attribute) =>
      openValues(reader.block.type, attribute.value).map(({ item, index, family }) =>
        reader.signal({
          kind: 'internet-facing',
          check: 'open-ingress',
          key: `${rule.label}${attribute.name}${index === undefined ? '' : `[${index}]`}`,
          range: item.range,
          message: `${reader.block.address} allows ingress from ${openText(item)}${portsText(rule.ports)}`,
          anchor: { kind: 'replace', ranges: [item.range] },
          detail: { ports: rule.ports, family },
        }),
      ),
    ),
  );
}

function ingressRules(reader: BlockReader): IngressRule[] {
  const { type } = reader.block;
  const top = (names: string[]): Map<string, TfAttribute> =>
    new Map(names.map((name) => [name, reader.top(name)] as const).filter((entry): entry is [string, TfAttribute] => entry[1] !== undefined));
  switch (type) {
    case 'aws_security_group':
    case 'aws_default_security_group':
      return reader.nested('ingress').map((attributes, index) => ({ label: `ingress[${index}].`, attributes: pick(attributes, ['cidr_blocks', 'ipv6_cidr_blocks']), ports: awsPorts(attributes) }));
    case 'aws_security_group_rule': {
      const all = top(['type', 'from_port', 'to_port', 'protocol', 'cidr_blocks', 'ipv6_cidr_blocks']);
      return stringOf(all.get('type')) === 'ingress' ? [{ label: '', attributes: pick(all, ['cidr_blocks', 'ipv6_cidr_blocks']), ports: awsPorts(all) }] : [];
    }
    case 'aws_vpc_security_group_ingress_rule': {
      const all = top(['from_port', 'to_port', 'ip_protocol', 'cidr_ipv4', 'cidr_ipv6']);
      return [{ label: '', attributes: pick(all, ['cidr_ipv4', 'cidr_ipv6']), ports: awsPorts(all) }];
    }
    case 'google_compute_firewall': {
      const allows = reader.nested('allow');
      const direction = stringOf(reader.top('direction'))?.toUpperCase() ?? 'INGRESS';
      // A firewall with only `deny` blocks, or an egress one, opens nothing.
      return direction === 'INGRESS' && allows.length > 0 ? [{ label: '', attributes: top(['source_ranges']), ports: googlePorts(allows) }] : [];
    }
    case 'azurerm_network_security_rule':
      return azureRule(top(['direction', 'access', 'source_address_prefix', 'source_address_prefixes', 'destination_port_range', 'destination_port_ranges']), '');
    case 'azurerm_network_security_group':
      return reader.nested('security_rule').flatMap((attributes, index) => azureRule(attributes, `security_rule[${index}].`));
    default:
      return [];
  }
}

function azureRule(attributes: ReadonlyMap<string, TfAttribute>, label: string): IngressRule[] {
  const isInboundAllow = stringOf(attributes.get('direction'))?.toLowerCase() === 'inbound' && stringOf(attributes.get('access'))?.toLowerCase() === 'allow';
  return isInboundAllow ? [{ label, attributes: pick(attributes, ['source_address_prefix', 'source_address_prefixes']), ports: azurePorts(attributes) }] : [];
}

/** The literals of a value that open it to everyone, with their index in a list. */
function openValues(resourceType: string, value: TfValue): { item: TfValue & { kind: 'string' }; index?: number; family: 'ipv4' | 'ipv6' }[] {
  const familyOf = (text: string): 'ipv4' | 'ipv6' | undefined =>
    openCidrs.get(text) ?? (resourceType.startsWith('azurerm_') && openAzurePrefixes.has(text.toLowerCase()) ? 'ipv4' : undefined);
  const items = value.kind === 'tuple' ? value.items.map((item, index) => ({ item, index })) : [{ item: value, index: undefined }];
  return items.flatMap(({ item, index }) => {
    const family = item.kind === 'string' ? familyOf(item.value) : undefined;
    return item.kind === 'string' && family ? [{ item, index, family }] : [];
  });
}

function openText(item: TfValue & { kind: 'string' }): string {
  return openCidrs.has(item.value) ? item.value : `"${item.value}" (any source)`;
}

function awsPorts(attributes: ReadonlyMap<string, TfAttribute>): PortSpan[] | 'all' | undefined {
  const protocol = stringOrNumberOf(attributes.get('protocol') ?? attributes.get('ip_protocol'));
  if (protocol === '-1' || protocol?.toLowerCase() === 'all') {
    return 'all';
  }
  const from = numberOf(attributes.get('from_port'));
  const to = numberOf(attributes.get('to_port'));
  if (from === undefined || to === undefined) {
    return undefined;
  }
  return from <= 0 && to >= 65535 ? 'all' : [{ from, to }];
}

function googlePorts(allows: readonly ReadonlyMap<string, TfAttribute>[]): PortSpan[] | 'all' | undefined {
  const spans: PortSpan[] = [];
  for (const allow of allows) {
    const protocol = stringOf(allow.get('protocol'))?.toLowerCase();
    const ports = allow.get('ports')?.value;
    if (protocol === 'all' || ((protocol === 'tcp' || protocol === 'udp') && ports === undefined)) {
      return 'all';
    }
    if (ports?.kind !== 'tuple') {
      return undefined;
    }
    for (const port of ports.items) {
      const span = port.kind === 'string' ? parsePortSpan(port.value) : port.kind === 'number' ? { from: port.value, to: port.value } : undefined;
      if (!span) {
        return undefined;
      }
      spans.push(span);
    }
  }
  return spans;
}

function azurePorts(attributes: ReadonlyMap<string, TfAttribute>): PortSpan[] | 'all' | undefined {
  const single = stringOf(attributes.get('destination_port_range'));
  const list = attributes.get('destination_port_ranges')?.value;
  const texts = single !== undefined ? [single] : list?.kind === 'tuple' ? list.items.map((item) => (item.kind === 'string' ? item.value : '?')) : [];
  if (texts.includes('*')) {
    return 'all';
  }
  const spans = texts.map(parsePortSpan);
  return spans.length > 0 && spans.every((span) => span !== undefined) ? (spans as PortSpan[]) : undefined;
}

function parsePortSpan(text: string): PortSpan | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  return match ? { from: Number(match[1]), to: Number(match[2] ?? match[1]) } : undefined;
}

/** ` on port 22`, ` on ports 80, 443`, ` on all ports`, or nothing when the ports are computed. */
function portsText(ports: SignalDetail['ports']): string {
  if (ports === 'all') {
    return ' on all ports';
  }
  if (!ports || ports.length === 0) {
    return '';
  }
  const spans = ports.map((span) => (span.from === span.to ? `${span.from}` : `${span.from}-${span.to}`));
  return ports.length === 1 && ports[0]!.from === ports[0]!.to ? ` on port ${spans[0]}` : ` on ports ${spans.join(', ')}`;
}

// ─── public buckets ─────────────────────────────────────────────────────────────────────────────────────────────

function publicBucket(reader: BlockReader): IacSignal[] {
  const { type, address } = reader.block;
  const bucket = (range: Range, variant: SignalDetail['variant'], message: string, ranges?: Range[]): IacSignal[] => [
    reader.signal({ kind: 'public-data-store', check: 'public-bucket', key: variant ?? '', range, message, detail: { variant }, anchor: ranges ? { kind: 'replace', ranges } : undefined }),
  ];
  switch (type) {
    case 'aws_s3_bucket_public_access_block': {
      const open = publicAccessBlockFlags.map((flag) => reader.top(flag)).filter((flag): flag is TfAttribute => flag?.value.kind === 'bool' && !flag.value.value);
      return open.length === 0
        ? []
        : bucket(open[0]!.range, 'access-block', `${address} does not block public access (${open.map((flag) => `${flag.name} = false`).join(', ')})`, open.map((flag) => flag.value.range));
    }
    case 'aws_s3_bucket':
    case 'aws_s3_bucket_acl': {
      const acl = reader.top('acl');
      const value = stringOf(acl);
      return acl && value !== undefined && publicAcls.has(value) ? bucket(acl.range, 'acl', `${address} grants public access with acl = "${value}"`, [acl.value.range]) : [];
    }
    case 'google_storage_bucket_iam_member':
    case 'google_storage_bucket_iam_binding': {
      const member = reader.top('member') ?? reader.top('members');
      const values = member?.value.kind === 'tuple' ? member.value.items : member ? [member.value] : [];
      const everyone = values.find((value) => value.kind === 'string' && allUsers.has(value.value));
      return everyone?.kind === 'string' ? bucket(everyone.range, 'iam', `${address} grants ${stringOf(reader.top('role')) ?? 'a role'} to ${everyone.value}`) : [];
    }
    case 'azurerm_storage_container': {
      const access = reader.top('container_access_type');
      const value = stringOf(access);
      return access && (value === 'blob' || value === 'container')
        ? bucket(access.range, 'container-access', `${address} allows anonymous read access (container_access_type = "${value}")`, [access.value.range])
        : [];
    }
    default:
      return [];
  }
}

// ─── public databases and load balancers ────────────────────────────────────────────────────────────────────────

function publicDatabase(reader: BlockReader): IacSignal[] {
  const flag = reader.top('publicly_accessible');
  if (flag?.value.kind !== 'bool' || !flag.value.value) {
    return [];
  }
  return [
    reader.signal({
      kind: 'public-data-store',
      check: 'public-database',
      key: 'publicly_accessible',
      range: flag.range,
      message: `${reader.block.address} is reachable from the internet (publicly_accessible = true)`,
      anchor: { kind: 'replace', ranges: [flag.value.range] },
    }),
  ];
}

function publicLoadBalancer(reader: BlockReader): IacSignal[] {
  if (!['aws_lb', 'aws_alb', 'aws_elb'].includes(reader.block.type)) {
    return [];
  }
  const internal = reader.top('internal');
  const base = { kind: 'internet-facing', check: 'public-load-balancer', key: 'internal' } as const;
  if (!internal) {
    return [reader.signal({ ...base, range: reader.block.headerRange, message: `${reader.block.address} is internet-facing: internal is not set, and AWS defaults to internet-facing` })];
  }
  return internal.value.kind === 'bool' && !internal.value.value
    ? [reader.signal({ ...base, range: internal.range, message: `${reader.block.address} is internet-facing (internal = false)` })]
    : [];
}

// ─── value helpers ──────────────────────────────────────────────────────────────────────────────────────────────

function pick(attributes: ReadonlyMap<string, TfAttribute>, names: readonly string[]): Map<string, TfAttribute> {
  return new Map([...attributes].filter(([name]) => names.includes(name)));
}

function stringOf(attribute: TfAttribute | undefined): string | undefined {
  return attribute?.value.kind === 'string' ? attribute.value.value : undefined;
}

function numberOf(attribute: TfAttribute | undefined): number | undefined {
  const value = attribute?.value;
  if (value?.kind === 'number') {
    return value.value;
  }
  return value?.kind === 'string' && /^\d+$/.test(value.value) ? Number(value.value) : undefined;
}

function stringOrNumberOf(attribute: TfAttribute | undefined): string | undefined {
  const value = attribute?.value;
  return value?.kind === 'string' ? value.value : value?.kind === 'number' ? String(value.value) : undefined;
}
