import { DockerfileParser, type Dockerfile, type From, type Instruction, type Property } from 'dockerfile-ast';
import type { ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';
import type { IacResource } from '../../model/iacFacts';
import { lineEndingOf, type FixAnchor, type IacSignal } from './iacSignal';
import { unpinnedImageReason } from './imageRef';
import { isLiteralSecretValue, isSecretName } from './secretNames';

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface DockerStage {
  index: number;
  /** The `AS` name, if any. */
  alias?: string;
  /** `name` as in `path#name`: the alias, else the stage index. */
  name: string;
  /** The base image as written (`node:20`, `${BASE}`, or an earlier stage's name). */
  image: string;
  /** The base image with build arguments replaced by their defaults; undefined when one has no default. */
  resolvedImage?: string;
  /** The earlier stage this one builds on, if its base is a stage name. */
  baseStage?: DockerStage;
  fromRange: Range;
  imageRange: Range;
  /** From the FROM to the end of the stage's last instruction. */
  range: Range;
  instructions: Instruction[];
  /** The ports of the stage's EXPOSE instructions, as written (`8080`, `53/udp`). */
  exposedPorts: string[];
}

/** What a Dockerfile declares and signals. */
export interface DockerfileFacts {
  stages: DockerStage[];
  resources: IacResource[];
  signals: IacSignal[];
  problems: ParseProblem[];
}

/** The user a container gets when nothing sets one: root, unless the base image is built to run as non-root. */
const nonRootBaseImage = /(?:^|[:/-])nonroot\b/;

/**
 * Reads a Dockerfile with dockerfile-ast: stages, base images, the final stage's user, EXPOSE ports, and ENV/ARG
 * with secret-looking names. Never throws.
 */
export function readDockerfile(path: string, text: string): DockerfileFacts {
  let dockerfile: Dockerfile;
  try {
    dockerfile = DockerfileParser.parse(text);
  } catch (error) {
    return { stages: [], resources: [], signals: [], problems: [{ path, message: `Cannot read the Dockerfile: ${(error as Error).message}` }] };
  }
  const stages = stagesOf(dockerfile);
  const problems: ParseProblem[] = [];
  if (stages.length === 0 && text.trim() !== '') {
    problems.push({ path, message: 'Dockerfile has no FROM instruction' });
  }
  const resources = stages.map((stage): IacResource => {
    const image = stage.baseStage || stage.image.toLowerCase() === 'scratch' ? undefined : (stage.resolvedImage ?? stage.image);
    return { tool: 'dockerfile', type: 'FROM', name: stage.name, address: `${path}#${stage.name}`, location: { path, range: stage.range }, ...(image ? { images: [image] } : {}) };
  });
  const signals = [
    ...stages.flatMap((stage) => unpinnedBase(path, stage)),
    ...finalUser(path, text, stages),
    ...secrets(path, dockerfile, stages),
  ];
  return { stages, resources, signals, problems };
}

function stagesOf(dockerfile: Dockerfile): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      const image = from.getImage();
      if (image === null) {
        continue;
      }
      const alias = from.getBuildStage() ?? undefined;
      const baseStage = stages.find((stage) => stage.alias !== undefined && stage.alias.toLowerCase() === image.toLowerCase());
      const range = from.getRange();
      stages.push({
        index: stages.length,
        alias,
        name: alias ?? String(stages.length),
        image,
        resolvedImage: resolveArguments(dockerfile, image, range.start.line),
        baseStage,
        fromRange: range,
        imageRange: from.getImageRange() ?? range,
        range,
        instructions: [from],
        exposedPorts: [],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) {
      continue; // global ARGs before the first FROM
    }
    stage.instructions.push(instruction);
    stage.range = { start: stage.range.start, end: instruction.getRange().end };
    if (keyword === 'EXPOSE') {
      stage.exposedPorts.push(...instruction.getArguments().map((argument) => argument.getValue()));
    }
  }
  return stages;
}

/** `node:${TAG}` with `ARG TAG=20` → `node:20`; undefined when a variable has no default. */
function resolveArguments(dockerfile: Dockerfile, image: string, line: number): string | undefined {
  let isResolved = true;
  const resolved = image.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced: string | undefined, modifier: string | undefined, word: string | undefined, bare: string | undefined) => {
    const value = dockerfile.resolveVariable((braced ?? bare)!, line);
    if (modifier === '-' && !value) {
      return word ?? '';
    }
    if (modifier === '+') {
      return value ? (word ?? '') : '';
    }
    if (value === null || value === undefined) {
      isResolved = false;
      return '';
    }
    return value;
  });
  return isResolved ? resolved : undefined;
}

function stageSignal(path: string, stage: DockerStage, fields: Pick<IacSignal, 'kind' | 'check' | 'key' | 'message' | 'anchor'> & { range: Range }): IacSignal {
  const { range, ...rest } = fields;
  const address = `${path}#${stage.name}`;
  return { ...rest, resourceAddress: address, resource: { type: 'FROM', name: stage.name, address }, location: { path, range } };
}

function unpinnedBase(path: string, stage: DockerStage): IacSignal[] {
  const image = stage.resolvedImage;
  if (stage.baseStage || image === undefined || image.toLowerCase() === 'scratch') {
    return [];
  }
  const reason = unpinnedImageReason(image);
  if (!reason) {
    return [];
  }
  const what = reason === 'latest' ? 'the moving :latest tag' : 'with no tag (which means :latest)';
  return [stageSignal(path, stage, { kind: 'unpinned-image', check: 'unpinned-image', key: 'FROM', range: stage.imageRange, message: `Stage ${stage.name} of ${path} builds on ${image}, ${what}` })];
}

/** The last USER of a stage or, when it has none, of the stage it builds on. */
function effectiveUser(stage: DockerStage | undefined): { value: string; instruction: Instruction } | undefined {
  for (let current = stage; current; current = current.baseStage) {
    const user = [...current.instructions].reverse().find((instruction) => instruction.getKeyword() === 'USER');
    if (user) {
      return { value: user.getArgumentsContent()?.trim() ?? '', instruction: user };
    }
  }
  return undefined;
}

/** The final stage is what runs: it runs as root when its effective USER is missing, `root` or `0`. */
function finalUser(path: string, text: string, stages: readonly DockerStage[]): IacSignal[] {
  const final = stages[stages.length - 1];
  if (!final) {
    return [];
  }
  const user = effectiveUser(final);
  let root: DockerStage = final;
  while (root.baseStage) {
    root = root.baseStage;
  }
  if (user ? !/^(root|0)(:.*)?$/.test(user.value) : nonRootBaseImage.test(root.resolvedImage ?? root.image)) {
    return [];
  }
  const isOwnUser = user !== undefined && final.instructions.includes(user.instruction);
  const range = isOwnUser ? user.instruction.getRange() : final.fromRange;
  const message = user
    ? `The final stage ${final.name} of ${path} runs as root (USER ${user.value})`
    : `The final stage ${final.name} of ${path} sets no USER, so its container runs as root`;
  return [stageSignal(path, final, { kind: 'runs-as-root', check: 'dockerfile-root', key: 'USER', range, message, anchor: userInsertion(text, final) })];
}

/**
 * Where `USER …` goes: before the first CMD/ENTRYPOINT that follows the stage's last RUN and USER (so that build
 * steps keep running as root and nothing switches back), else at the end of the file.
 */
function userInsertion(text: string, final: DockerStage): FixAnchor {
  const instructions = final.instructions;
  const lastBuildStep = instructions.reduce((last, instruction, index) => (['RUN', 'USER'].includes(instruction.getKeyword()) ? index : last), 0);
  const start = instructions.slice(lastBuildStep + 1).find((instruction) => ['CMD', 'ENTRYPOINT'].includes(instruction.getKeyword()));
  if (start) {
    const position = start.getRange().start;
    return { kind: 'insert', position: { line: position.line, character: 0 }, indent: ' '.repeat(position.character), step: '', missingParents: [], newlineBefore: false, eol: lineEndingOf(text) };
  }
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  const position = endsWithNewline ? { line: lines.length - 1, character: 0 } : { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  return { kind: 'insert', position, indent: '', step: '', missingParents: [], newlineBefore: !endsWithNewline, eol: lineEndingOf(text) };
}

/** ENV and ARG that write a literal value into a variable named like a secret; it stays in the image history. */
function secrets(path: string, dockerfile: Dockerfile, stages: readonly DockerStage[]): IacSignal[] {
  const signals: IacSignal[] = [];
  const owner = (line: number): DockerStage | undefined => [...stages].reverse().find((stage) => stage.fromRange.start.line <= line) ?? stages[0];
  const check = (keyword: string, property: Property | null): void => {
    const value = property?.getValue();
    const stage = property ? owner(property.getRange().start.line) : undefined;
    if (!property || !stage || value === null || value === undefined || !isSecretName(property.getName()) || !isLiteralSecretValue(value)) {
      return;
    }
    signals.push(
      stageSignal(path, stage, {
        kind: 'plain-secret',
        check: 'plain-secret',
        key: `${keyword} ${property.getName()}`,
        range: property.getRange(),
        message: `${keyword} ${property.getName()} in ${path} is set to a literal value`,
      }),
    );
  };
  for (const env of dockerfile.getENVs()) {
    env.getProperties().forEach((property) => check('ENV', property));
  }
  for (const arg of dockerfile.getARGs()) {
    check('ARG', arg.getProperty());
  }
  return signals;
}
