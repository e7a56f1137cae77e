import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Parsed, ParseProblem } from '../../model/dependency';
import { LineIndex, lineRange, type Range } from '../../model/location';

/** A `<dependency>` element as written (values not interpolated), with the range of the whole element. */
export interface PomDependency {
  groupId?: string;
  artifactId?: string;
  version?: string;
  scope?: string;
  type?: string;
  optional?: string;
  range: Range;
}

/** The `<parent>` element. */
export interface PomParent {
  groupId?: string;
  artifactId?: string;
  version?: string;
  /** As written; Maven's default `../pom.xml` applies when absent. */
  relativePath?: string;
  range: Range;
}

/** A parsed `pom.xml`, as written: inheritance and `${…}` interpolation are resolved by `resolveMavenProjects`. */
export interface Pom {
  path: string;
  groupId?: string;
  artifactId?: string;
  version?: string;
  parent?: PomParent;
  properties: Record<string, string>;
  /** The 0-based line of each property's element in `<properties>`, for a hover to point at. */
  propertyLines?: Record<string, number>;
  dependencies: PomDependency[];
  /** `<dependencyManagement><dependencies>`. */
  managed: PomDependency[];
  /** `<modules>`, as written (folders relative to this pom). */
  modules: string[];
  /** Range of the `<modules>` element (a `<module>` is a leaf, which the parser gives no position). */
  modulesRange?: Range;
}

const metadata = XMLParser.getMetaDataSymbol() as unknown as symbol;
const arrayPaths = new Set(['project.dependencies.dependency', 'project.dependencyManagement.dependencies.dependency', 'project.modules.module']);

/**
 * Parses a `pom.xml` with fast-xml-parser. Element ranges come from the parser's metadata (`captureMetaData`: start
 * and end offsets of every element with children). The parser is lenient, so the text is validated first and a
 * well-formedness error becomes a problem while whatever the parser still reads is kept. Profiles and plugin
 * dependencies are not read. Never throws.
 */
export function parsePom(text: string, path: string): Parsed<Pom> {
  const problems: ParseProblem[] = [];
  // XMLValidator is deprecated in favour of the separate fast-xml-validator package, which is not a dependency; it
  // still ships with (and matches) the parser in use.
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line } = validation.err;
    problems.push({ path, message: `Invalid XML: ${msg}`, range: lineRange(Math.max(0, (line || 1) - 1)) });
  }
  const document = parseLeniently(text);
  if (document instanceof Error) {
    if (problems.length === 0) {
      problems.push({ path, message: `Invalid XML: ${document.message}` });
    }
    return { problems };
  }
  const project = isElement(document) ? document.project : undefined;
  if (!isElement(project)) {
    if (problems.length === 0) {
      problems.push({ path, message: 'Not a Maven POM: no <project> element' });
    }
    return { problems };
  }
  const lines = new LineIndex(text);
  const rangeOf = (element: Element): Range => {
    const position = element[metadata] as { startIndex?: number; endIndex?: number } | undefined;
    const start = position?.startIndex ?? 0;
    return lines.rangeOf(start, (position?.endIndex ?? start) - start);
  };
  const dependenciesOf = (container: unknown): PomDependency[] =>
    asArray(isElement(container) ? container.dependency : undefined)
      .filter(isElement)
      .map((element) => ({
        groupId: textOf(element.groupId),
        artifactId: textOf(element.artifactId),
        version: textOf(element.version),
        scope: textOf(element.scope),
        type: textOf(element.type),
        optional: textOf(element.optional),
        range: rangeOf(element),
      }));
  const parentElement = isElement(project.parent) ? project.parent : undefined;
  // fromEntries defines own properties, so a `<__proto__>` element cannot reach the prototype.
  const properties: Record<string, string> = Object.fromEntries(
    Object.entries(isElement(project.properties) ? project.properties : {}).map(([name, value]) => [name, typeof value === 'string' ? value : '']),
  );
  const propertyLines = propertyLinesOf(text, lines, isElement(project.properties) ? project.properties : undefined, properties);
  return {
    value: {
      path,
      groupId: textOf(project.groupId),
      artifactId: textOf(project.artifactId),
      version: textOf(project.version),
      parent: parentElement && {
        groupId: textOf(parentElement.groupId),
        artifactId: textOf(parentElement.artifactId),
        version: textOf(parentElement.version),
        relativePath: typeof parentElement.relativePath === 'string' ? parentElement.relativePath : undefined,
        range: rangeOf(parentElement),
      },
      properties,
      propertyLines,
      dependencies: dependenciesOf(project.dependencies),
      managed: dependenciesOf(isElement(project.dependencyManagement) ? project.dependencyManagement.dependencies : undefined),
      modules: asArray(isElement(project.modules) ? project.modules.module : undefined).filter((module): module is string => typeof module === 'string' && module !== ''),
      modulesRange: isElement(project.modules) ? rangeOf(project.modules) : undefined,
    },
    problems,
  };
}

/** The XML tree with positions, or the parser's error. */
function parseLeniently(text: string): unknown {
  try {
    const parser = new XMLParser({
      captureMetaData: true,
      ignoreAttributes: true,
      // Versions such as 1.10 must stay strings.
      parseTagValue: false,
      isArray: (_name, jPath) => typeof jPath === 'string' && arrayPaths.has(jPath),
    });
    return parser.parse(text);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The line each property is defined on, in one pass over the element's text: a pom may define thousands. */
function propertyLinesOf(text: string, lines: LineIndex, propertiesElement: Element | undefined, properties: Record<string, string>): Record<string, number> {
  const span = propertiesElement && (propertiesElement[metadata] as { startIndex?: number; endIndex?: number } | undefined);
  const propertyLines: Record<string, number> = {};
  if (span?.startIndex === undefined) {
    return propertyLines;
  }
  const tags = /<([A-Za-z_][\w.-]*)\s*>/g;
  tags.lastIndex = span.startIndex + 1;
  const end = span.endIndex ?? text.length;
  for (let tag = tags.exec(text); tag && tag.index < end; tag = tags.exec(text)) {
    const name = tag[1]!;
    if (Object.hasOwn(properties, name) && !Object.hasOwn(propertyLines, name)) {
      propertyLines[name] = lines.positionAt(tag.index).line;
    }
  }
  return propertyLines;
}

/** The text of a leaf element; undefined when absent, empty or not a leaf. */
function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

type Element = { [key: string | symbol]: unknown };

function isElement(value: unknown): value is Element {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
