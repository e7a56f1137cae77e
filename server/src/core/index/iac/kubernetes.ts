import { isMap, isScalar, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';
import type { IacResource } from '../../model/iacFacts';
import type { FixAnchor, IacSignal } from './iacSignal';
import { unpinnedImageReason } from './imageRef';
import { isLiteralSecretValue, isSecretName } from './secretNames';
import { blockScalarStart, boolOf, mapAt, mapsOf, numberOf, pairOf, seqAt, stringOf, withoutCarriageReturn, YamlText } from './yamlNodes';

/** Where each workload kind keeps its pod spec. */
const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** What a Kubernetes manifest file declares and signals. */
export interface KubernetesFile {
  resources: IacResource[];
  signals: IacSignal[];
  problems: ParseProblem[];
}

/**
 * Reads a multi-document Kubernetes manifest. Documents without `apiVersion` and `kind` are not Kubernetes and are
 * ignored. A Helm template (`{{ … }}` actions) is not YAML until rendered: a chart's templates are skipped quietly,
 * the chart's `Chart.yaml` saying so once for all of them; a manifest with Helm actions elsewhere is skipped with one
 * problem of its own.
 */
export function readKubernetes(path: string, text: string): KubernetesFile {
  const empty: KubernetesFile = { resources: [], signals: [], problems: [] };
  if (/(^|\/)Chart\.yaml$/.test(path)) {
    return { ...empty, problems: helmChartNote(path, text) };
  }
  // Cheap pre-check: most YAML in a repository (CI, lockfiles, configs) is not Kubernetes.
  if (!/^[ \t]*apiVersion[ \t]*:/m.test(text) || !/^[ \t]*kind[ \t]*:/m.test(text)) {
    return empty;
  }
  const helm = helmAction(path, text);
  if (helm?.isChartTemplate) {
    return empty;
  }
  if (helm !== undefined) {
    return {
      ...empty,
      problems: [{ path, message: 'Helm template: not analysed, as it is not YAML until rendered (check the output of `helm template` instead)', range: { start: { line: helm.line, character: 0 }, end: { line: helm.line, character: 0 } } }],
    };
  }
  const { yaml, problems } = YamlText.parse(path, text);
  const file: KubernetesFile = { resources: [], signals: [], problems };
  for (const document of yaml.documents) {
    const root = document.contents;
    // `kind: List` (what `kubectl get -o yaml` writes) holds the objects in `items`.
    const objects = /List$/.test(stringOf(pairOf(root, 'kind')?.value) ?? '') ? mapsOf(seqAt(root, 'items')) : [root];
    for (const object of objects) {
      const kind = stringOf(pairOf(object, 'kind')?.value);
      if (isMap(object) && kind && stringOf(pairOf(object, 'apiVersion')?.value) !== undefined) {
        new ObjectReader(yaml, document, object, kind).read(file);
      }
    }
  }
  return file;
}

/** Helm's own objects and functions: what tells a Helm action from other `{{ … }}` text. */
const helmSpecificAction = /\{\{[^}]*(?:\.(?:Values|Release|Chart|Capabilities|Files)\b|\binclude\s+"|\b(?:tpl|toYaml|nindent)\b)/;

/**
 * The 0-based line of the first Helm action, if the file is a Helm template, and whether it is one of a chart's
 * templates (under `templates/`, with Helm's own objects or functions), which its chart's note covers. Outside a
 * chart, an action counts only where YAML would read it as structure: values files and test suites carry templates
 * in block scalars and quoted strings, which are plain YAML text.
 */
function helmAction(path: string, text: string): { line: number; isChartTemplate: boolean } | undefined {
  const isInChart = /(^|\/)templates\//.test(path);
  const lines = text.split('\n');
  let blockIndent: number | undefined;
  const index = lines.findIndex((raw) => {
    const line = withoutCarriageReturn(raw);
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined && (line.trim() === '' || indent > blockIndent)) {
      return false;
    }
    blockIndent = undefined;
    if (line.trimStart().startsWith('#')) {
      return false;
    }
    if (isInChart) {
      return line.includes('{{');
    }
    if (blockScalarStart.test(line)) {
      blockIndent = indent;
      return false;
    }
    // Outside a chart, only Helm's own objects and functions count: Prometheus and Alertmanager rules embed Go
    // templates such as `{{ $labels.instance }}` in ordinary manifests.
    return unquotedAction.test(line) && helmSpecificAction.test(line);
  });
  return index === -1 ? undefined : { line: index, isChartTemplate: isInChart && helmSpecificAction.test(text) };
}

/** An action where YAML expects a node: a line of its own, or an unquoted value (`name: {{ … }}`, `- {{ … }}`). */
const unquotedAction = /^[ \t]*(?:- +)*(?:[^\s#'"{][^#'"]*?:[ \t]+)?\{\{/;

/**
 * The one note of a Helm chart (`Chart.yaml` of an application chart): its templates are skipped, since they are
 * not YAML until rendered. A library chart renders no manifests; a file that is no chart gets nothing.
 */
function helmChartNote(path: string, text: string): ParseProblem[] {
  const name = /^name[ \t]*:/m.exec(text);
  if (!/^apiVersion[ \t]*:[ \t]*['"]?v[12]\b/m.test(text) || !name || /^type[ \t]*:[ \t]*['"]?library\b/m.test(text)) {
    return [];
  }
  const line = text.slice(0, name.index).split('\n').length - 1;
  return [{ path, message: 'Helm chart: its templates are not analysed, as they are not YAML until rendered (scan the output of `helm template` to check them)', range: { start: { line, character: 0 }, end: { line, character: 0 } } }];
}

/** Reads one Kubernetes object. */
class ObjectReader {
  private readonly name: string;
  private readonly address: string;

  constructor(
    private readonly yaml: YamlText,
    private readonly document: Document.Parsed,
    private readonly root: YAMLMap,
    private readonly kind: string,
  ) {
    this.name = stringOf(pairOf(mapAt(root, 'metadata'), 'name')?.value) ?? '';
    const namespace = stringOf(pairOf(mapAt(root, 'metadata'), 'namespace')?.value) ?? 'default';
    this.address = `${kind}/${namespace}/${this.name}`;
  }

  read(file: KubernetesFile): void {
    const images: string[] = [];
    const podSpecPath = podSpecPaths[this.kind];
    const podSpec = podSpecPath ? mapAt(this.root, ...podSpecPath) : undefined;
    if (podSpec) {
      file.signals.push(...this.podSignals(podSpec, images));
    } else if (this.kind === 'Service') {
      file.signals.push(...this.serviceSignals());
    } else if (this.kind === 'Ingress') {
      file.signals.push(...this.ingressSignals());
    }
    file.resources.push({
      tool: 'kubernetes',
      type: this.kind,
      name: this.name,
      address: this.address,
      location: { path: this.yaml.path, range: this.yaml.rangeOf(this.root) },
      ...(images.length > 0 ? { images } : {}),
    });
  }

  private signal(fields: Pick<IacSignal, 'kind' | 'check' | 'key' | 'message' | 'anchor' | 'detail'> & { range: Range }): IacSignal {
    const { range, ...rest } = fields;
    return { ...rest, resourceAddress: this.address, resource: { type: this.kind, name: this.name, address: this.address }, location: { path: this.yaml.path, range } };
  }

  // ─── workloads ─────────────────────────────────────────────────────────────────────────────────────────────────

  private podSignals(podSpec: YAMLMap, images: string[]): IacSignal[] {
    const signals: IacSignal[] = [];
    const hostNetwork = pairOf(podSpec, 'hostNetwork');
    if (hostNetwork && boolOf(hostNetwork.value) === true) {
      signals.push(this.signal({ kind: 'host-access', check: 'host-network', key: 'hostNetwork', range: this.yaml.pairRange(hostNetwork), message: `${this.address} uses the node's network namespace (hostNetwork: true)` }));
    }
    for (const volume of mapsOf(seqAt(podSpec, 'volumes'))) {
      const hostPath = pairOf(volume, 'hostPath');
      if (!hostPath) {
        continue;
      }
      const volumeName = stringOf(pairOf(volume, 'name')?.value) ?? '';
      const path = stringOf(pairOf(hostPath.value, 'path')?.value) ?? '';
      signals.push(
        this.signal({
          kind: 'host-access',
          check: 'host-path',
          key: `volume/${volumeName}`,
          range: this.yaml.pairRange(hostPath),
          message: `${this.address} mounts the host path ${path || '(unknown)'} into its pods (volume ${volumeName})`,
          detail: { hostPath: path },
        }),
      );
    }
    for (const field of ['initContainers', 'containers']) {
      for (const container of mapsOf(seqAt(podSpec, field))) {
        signals.push(...this.containerSignals(podSpec, container, images));
      }
    }
    return signals;
  }

  private containerSignals(podSpec: YAMLMap, container: YAMLMap, images: string[]): IacSignal[] {
    const signals: IacSignal[] = [];
    const name = stringOf(pairOf(container, 'name')?.value) ?? '';
    const label = `Container ${name} of ${this.address}`;
    const image = pairOf(container, 'image');
    const imageRef = stringOf(image?.value);
    if (image && imageRef !== undefined) {
      images.push(imageRef);
      const reason = unpinnedImageReason(imageRef);
      if (reason) {
        signals.push(this.signal({ kind: 'unpinned-image', check: 'unpinned-image', key: `${name}/image`, range: this.yaml.pairRange(image), message: `${label} runs ${imageRef}, ${reason === 'latest' ? 'the moving :latest tag' : 'with no tag (which means :latest)'}` }));
      }
    }
    const securityContext = pairOf(container, 'securityContext');
    const privileged = pairOf(securityContext?.value, 'privileged');
    if (privileged && boolOf(privileged.value) === true) {
      signals.push(
        this.signal({
          kind: 'privileged',
          check: 'privileged',
          key: `${name}/privileged`,
          range: this.yaml.pairRange(privileged),
          message: `${label} is privileged: it has every capability of the node (privileged: true)`,
          anchor: { kind: 'replace', ranges: [this.yaml.rangeOf(privileged.value as Scalar)] },
        }),
      );
    }
    const root = this.runAsRoot(podSpec, container, securityContext, label);
    if (root) {
      signals.push(this.signal({ kind: 'runs-as-root', check: 'run-as-root', key: `${name}/runAsNonRoot`, ...root }));
    }
    for (const variable of mapsOf(seqAt(container, 'env'))) {
      const variableName = stringOf(pairOf(variable, 'name')?.value);
      const value = pairOf(variable, 'value');
      const literal = stringOf(value?.value);
      if (value && variableName && literal !== undefined && isSecretName(variableName) && isLiteralSecretValue(literal)) {
        signals.push(this.signal({ kind: 'plain-secret', check: 'plain-secret', key: `${name}/env/${variableName}`, range: this.yaml.pairRange(value), message: `${label} sets ${variableName} to a literal value in the manifest` }));
      }
    }
    return signals;
  }

  /**
   * Whether a container may run as root: it does unless `runAsNonRoot: true` or a `runAsUser` above 0 applies
   * (container settings override the pod's). Locates the line that decides and, when safe, where to set
   * `runAsNonRoot: true` on the container.
   */
  private runAsRoot(podSpec: YAMLMap, container: YAMLMap, securityContext: Pair | undefined, label: string): { range: Range; message: string; anchor?: FixAnchor } | undefined {
    const podContext = mapAt(podSpec, 'securityContext');
    const setting = (key: string): Pair | undefined => pairOf(securityContext?.value, key) ?? pairOf(podContext, key);
    const runAsUser = setting('runAsUser');
    const runAsNonRoot = setting('runAsNonRoot');
    const user = numberOf(runAsUser?.value);
    if (user === 0 && runAsUser) {
      return { range: this.yaml.pairRange(runAsUser), message: `${label} runs as root (runAsUser: 0)` };
    }
    if (boolOf(runAsNonRoot?.value) === true || (user !== undefined && user > 0)) {
      return undefined;
    }
    const head = pairOf(container, 'name') ?? pairOf(container, 'image');
    const range = runAsNonRoot ? this.yaml.pairRange(runAsNonRoot) : head ? this.yaml.pairRange(head) : this.yaml.rangeOf(container);
    const why = runAsNonRoot ? 'runAsNonRoot is false' : 'neither runAsNonRoot: true nor a runAsUser above 0 is set';
    return { range, message: `${label} may run as root: ${why}`, anchor: this.runAsNonRootAnchor(container, securityContext) };
  }

  private runAsNonRootAnchor(container: YAMLMap, securityContext: Pair | undefined): FixAnchor | undefined {
    const context = securityContext?.value;
    const ownSetting = pairOf(context, 'runAsNonRoot');
    if (ownSetting && isScalar(ownSetting.value)) {
      return { kind: 'replace', ranges: [this.yaml.rangeOf(ownSetting.value)] };
    }
    if (isMap(context) && context.items.length > 0) {
      return this.yaml.insertFirstKey(this.document, context);
    }
    if (securityContext) {
      return undefined; // `securityContext: {}` or empty: rewriting it is not a one-line edit
    }
    const after = [pairOf(container, 'image'), pairOf(container, 'name'), ...container.items].find((pair): pair is Pair => pair !== undefined && isScalar(pair.value));
    return after ? this.yaml.insertAfterPair(this.document, container, after, ['securityContext']) : undefined;
  }

  // ─── services and ingresses ────────────────────────────────────────────────────────────────────────────────────

  private serviceSignals(): IacSignal[] {
    const type = pairOf(mapAt(this.root, 'spec'), 'type');
    const value = stringOf(type?.value);
    if (!type || (value !== 'LoadBalancer' && value !== 'NodePort')) {
      return [];
    }
    const ports = mapsOf(seqAt(this.root, 'spec', 'ports'))
      .map((port) => stringOf(pairOf(port, value === 'NodePort' ? 'nodePort' : 'port')?.value) ?? stringOf(pairOf(port, 'port')?.value))
      .filter((port): port is string => port !== undefined);
    const where = value === 'LoadBalancer' ? 'as a load balancer' : 'on a port of every node';
    return [this.signal({ kind: 'internet-facing', check: 'exposed-service', key: 'type', range: this.yaml.pairRange(type), message: `${this.address} is exposed outside the cluster ${where}${ports.length > 0 ? ` (port${ports.length > 1 ? 's' : ''} ${ports.join(', ')})` : ''}` })];
  }

  private ingressSignals(): IacSignal[] {
    const rules = mapsOf(seqAt(this.root, 'spec', 'rules'));
    const signals = rules.map((rule, index) => {
      const host = pairOf(rule, 'host');
      const paths = mapsOf(seqAt(rule, 'http', 'paths'))
        .map((path) => stringOf(pairOf(path, 'path')?.value))
        .filter((path): path is string => path !== undefined);
      const pathText = paths.length > 0 ? ` (paths ${paths.join(', ')})` : '';
      const hostName = stringOf(host?.value);
      const anchorPair = host ?? rule.items[0];
      return this.signal({
        kind: 'internet-facing',
        check: 'ingress-host',
        key: `rules[${index}]`,
        range: anchorPair ? this.yaml.pairRange(anchorPair) : this.yaml.rangeOf(rule),
        message: hostName ? `${this.address} routes traffic for ${hostName}${pathText} into the cluster` : `${this.address} routes traffic for any host${pathText} into the cluster`,
      });
    });
    const fallback = pairOf(mapAt(this.root, 'spec'), 'defaultBackend') ?? pairOf(mapAt(this.root, 'spec'), 'backend');
    if (rules.length === 0 && fallback) {
      signals.push(this.signal({ kind: 'internet-facing', check: 'ingress-host', key: 'defaultBackend', range: this.yaml.pairRange(fallback), message: `${this.address} routes traffic for any host into the cluster` }));
    }
    return signals;
  }
}
