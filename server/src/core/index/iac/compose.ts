import { isMap, isPair, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';
import type { IacResource } from '../../model/iacFacts';
import type { IacSignal } from './iacSignal';
import { isSensitiveHostPath } from './hostPaths';
import { unpinnedImageReason } from './imageRef';
import { isLiteralSecretValue, isSecretName } from './secretNames';
import { boolOf, mapAt, pairOf, seqAt, stringOf, YamlText } from './yamlNodes';

/** What a Compose file declares and signals. */
export interface ComposeFile {
  resources: IacResource[];
  signals: IacSignal[];
  problems: ParseProblem[];
}

const allInterfaces = new Set(['', '0.0.0.0', '::']);

/**
 * Reads a Compose file (`services:`): images, ports published on every interface, privileged services, host
 * networking, mounts of the Docker socket or system paths, and literal secrets in `environment`. Never throws.
 */
export function readCompose(path: string, text: string): ComposeFile {
  const { yaml, problems } = YamlText.parse(path, text);
  const file: ComposeFile = { resources: [], signals: [], problems };
  for (const document of yaml.documents) {
    for (const service of mapAt(document.contents, 'services')?.items ?? []) {
      const name = stringOf(service.key);
      if (name !== undefined && isMap(service.value)) {
        new ServiceReader(yaml, path, name, service, service.value).read(file);
      }
    }
  }
  return file;
}

/**
 * Whether a short-syntax port (`[IP:][HOST:]CONTAINER[/PROTOCOL]`) is published on every interface, and how to
 * write it bound to the loopback interface instead. Undefined when it holds variables and cannot be judged.
 */
export function loopbackPort(spec: string): { isOnAllInterfaces: boolean; loopback: string } | undefined {
  if (spec.includes('$')) {
    return undefined;
  }
  const [ports = '', protocol] = spec.split('/');
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(ports);
  const parts = bracketed ? [bracketed[1]!, ...bracketed[2]!.split(':')] : ports.split(':');
  const suffix = protocol === undefined ? '' : `/${protocol}`;
  if (parts.length === 1) {
    return { isOnAllInterfaces: true, loopback: `127.0.0.1::${parts[0]}${suffix}` }; // a random host port on every interface
  }
  if (parts.length === 2 && !bracketed) {
    return { isOnAllInterfaces: true, loopback: `127.0.0.1:${parts[0]}:${parts[1]}${suffix}` };
  }
  if (parts.length === 3) {
    return { isOnAllInterfaces: allInterfaces.has(parts[0]!), loopback: `127.0.0.1:${parts[1]}:${parts[2]}${suffix}` };
  }
  return undefined;
}

class ServiceReader {
  private readonly address: string;

  constructor(
    private readonly yaml: YamlText,
    private readonly path: string,
    private readonly name: string,
    private readonly pair: Pair,
    private readonly service: YAMLMap,
  ) {
    this.address = `${path}#${name}`;
  }

  read(file: ComposeFile): void {
    const image = pairOf(this.service, 'image');
    const imageRef = stringOf(image?.value);
    const key = this.pair.key as Scalar;
    file.resources.push({
      tool: 'compose',
      type: 'service',
      name: this.name,
      address: this.address,
      location: { path: this.path, range: { start: this.yaml.rangeOf(key).start, end: this.yaml.rangeOf(this.service).end } },
      ...(imageRef ? { images: [imageRef] } : {}),
    });
    const label = `Service ${this.name} of ${this.path}`;
    const reason = imageRef === undefined ? undefined : unpinnedImageReason(imageRef);
    if (image && reason) {
      file.signals.push(this.signal({ kind: 'unpinned-image', check: 'unpinned-image', key: 'image', range: this.yaml.pairRange(image), message: `${label} runs ${imageRef}, ${reason === 'latest' ? 'the moving :latest tag' : 'with no tag (which means :latest)'}` }));
    }
    const privileged = pairOf(this.service, 'privileged');
    if (privileged && boolOf(privileged.value) === true) {
      file.signals.push(
        this.signal({
          kind: 'privileged',
          check: 'privileged',
          key: 'privileged',
          range: this.yaml.pairRange(privileged),
          message: `${label} is privileged: it has every capability of the host (privileged: true)`,
          anchor: { kind: 'replace', ranges: [this.yaml.rangeOf(privileged.value as Scalar)] },
        }),
      );
    }
    const networkMode = pairOf(this.service, 'network_mode');
    if (networkMode && stringOf(networkMode.value) === 'host') {
      file.signals.push(this.signal({ kind: 'host-access', check: 'host-network', key: 'network_mode', range: this.yaml.pairRange(networkMode), message: `${label} uses the host's network stack (network_mode: host)` }));
    }
    file.signals.push(...this.ports(label), ...this.volumes(label), ...this.environment(label));
  }

  private signal(fields: Pick<IacSignal, 'kind' | 'check' | 'key' | 'message' | 'anchor' | 'detail'> & { range: Range }): IacSignal {
    const { range, ...rest } = fields;
    return { ...rest, resourceAddress: this.address, resource: { type: 'service', name: this.name, address: this.address }, location: { path: this.path, range } };
  }

  private ports(label: string): IacSignal[] {
    return (seqAt(this.service, 'ports')?.items ?? []).flatMap((item): IacSignal[] => {
      if (isScalar(item)) {
        const spec = stringOf(item);
        const port = spec === undefined ? undefined : loopbackPort(spec);
        if (spec === undefined || !port?.isOnAllInterfaces) {
          return [];
        }
        const range = this.yaml.rangeOf(item);
        return [this.signal({ kind: 'internet-facing', check: 'published-port', key: `ports/${spec}`, range, message: `${label} publishes ${spec} on every network interface of the host`, anchor: { kind: 'replace', ranges: [range] }, detail: { published: spec } })];
      }
      if (!isMap(item)) {
        return [];
      }
      const hostIp = stringOf(pairOf(item, 'host_ip')?.value);
      const shown = pairOf(item, 'published') ?? pairOf(item, 'target') ?? item.items.find((pair) => isPair(pair));
      if (!shown || (hostIp !== undefined && !allInterfaces.has(hostIp))) {
        return [];
      }
      const target = stringOf(pairOf(item, 'target')?.value) ?? '?';
      const published = stringOf(pairOf(item, 'published')?.value);
      return [this.signal({ kind: 'internet-facing', check: 'published-port', key: `ports/${published ?? ''}:${target}`, range: this.yaml.pairRange(shown), message: `${label} publishes container port ${target} on every network interface of the host` })];
    });
  }

  private volumes(label: string): IacSignal[] {
    return (seqAt(this.service, 'volumes')?.items ?? []).flatMap((item): IacSignal[] => {
      const short = stringOf(item);
      const source = short !== undefined ? short.split(':')[0]! : stringOf(pairOf(item, 'type')?.value) === 'bind' ? stringOf(pairOf(item, 'source')?.value) : undefined;
      if (source === undefined || !source.startsWith('/') || !isSensitiveHostPath(source)) {
        return [];
      }
      const shown = isScalar(item) ? undefined : pairOf(item, 'source');
      const range = shown ? this.yaml.pairRange(shown) : this.yaml.rangeOf(item as Scalar);
      return [this.signal({ kind: 'host-access', check: 'host-path', key: `volumes/${source}`, range, message: `${label} mounts the host path ${source}`, detail: { hostPath: source } })];
    });
  }

  private environment(label: string): IacSignal[] {
    const environment = pairOf(this.service, 'environment')?.value;
    const entries: { name: string; value: string | undefined; range: Range }[] = [];
    if (isMap(environment)) {
      for (const pair of environment.items) {
        const name = stringOf(pair.key);
        if (name !== undefined) {
          entries.push({ name, value: stringOf(pair.value), range: this.yaml.pairRange(pair) });
        }
      }
    }
    for (const item of seqAt(this.service, 'environment')?.items ?? []) {
      const entry = stringOf(item);
      const equals = entry?.indexOf('=') ?? -1;
      if (entry !== undefined && equals > 0) {
        entries.push({ name: entry.slice(0, equals), value: entry.slice(equals + 1), range: this.yaml.rangeOf(item as Scalar) });
      }
    }
    return entries
      .filter((entry) => entry.value !== undefined && isSecretName(entry.name) && isLiteralSecretValue(entry.value))
      .map((entry) => this.signal({ kind: 'plain-secret', check: 'plain-secret', key: `environment/${entry.name}`, range: entry.range, message: `${label} sets ${entry.name} to a literal value in the Compose file` }));
  }
}
