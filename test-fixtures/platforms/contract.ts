/**
 * Checks requests (and the fixtures' answers) against a platform's published OpenAPI description (the subsets in
 * `<platform>/openapi.json`, README.md names their origin): the path and method exist, every query parameter is
 * declared and its value fits its schema, required parameters are there, and a JSON body fits the request body
 * schema with no undeclared or read-only top-level field. Bodies are validated with Ajv (OpenAPI 3.0 `nullable`).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import type { PlatformKind, PlatformRequest } from './platformServer';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
  explode?: boolean;
}

interface Operation {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }> } | { $ref: string }>;
}

/** Where each platform's paths start, as its description's `servers` say. */
const basePaths: Record<PlatformKind, string> = { defectdojo: '', 'dependency-track': '/api', github: '' };

/** A platform's API contract. */
export class Contract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly doc: Json & { paths: Record<string, Record<string, Operation>>; components: Json };

  private constructor(
    readonly kind: PlatformKind,
    doc: unknown,
  ) {
    this.doc = withNullableUnions(withSourceFixes(kind, doc)) as Contract['doc'];
    this.ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/);
    this.ajv.addFormat('date', /^\d{4}-\d\d-\d\d$/);
    this.ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat('uri', /^https?:\/\/\S+$/);
    for (const format of ['int32', 'int64', 'float', 'double', 'email', 'binary', 'decimal']) {
      this.ajv.addFormat(format, true);
    }
  }

  /** The contract of a platform, from its shipped description. */
  static of(kind: PlatformKind): Contract {
    const file = path.resolve(__dirname, '../../../test-fixtures/platforms', kind, 'openapi.json');
    return new Contract(kind, JSON.parse(readFileSync(file, 'utf8')) as unknown);
  }

  /** What is wrong with a request, one message per problem; empty when it fits the description. */
  checkRequest(request: Pick<PlatformRequest, 'method' | 'path' | 'query' | 'body'>): string[] {
    const where = `${request.method} ${request.path}`;
    const found = this.operation(request.method, request.path);
    if (!found) {
      return [`${where}: no such operation in the ${this.kind} description`];
    }
    const problems: string[] = [];
    const parameters = this.parametersOf(found.template, found.operation);
    for (const [name, value] of Object.entries(request.query)) {
      const parameter = parameters.find((candidate) => candidate.in === 'query' && candidate.name === name);
      if (!parameter) {
        problems.push(`${where}: query parameter "${name}" is not declared`);
      } else if (!this.fits(parameter.schema ?? {}, coerce(value, this.resolve(parameter.schema ?? {})))) {
        problems.push(`${where}: query parameter ${name}=${JSON.stringify(value)} does not fit ${JSON.stringify(parameter.schema)}`);
      }
    }
    for (const parameter of parameters.filter((candidate) => candidate.required && candidate.in === 'query')) {
      if (request.query[parameter.name] === undefined) {
        problems.push(`${where}: required query parameter "${parameter.name}" is missing`);
      }
    }
    found.pathValues.forEach((value, index) => {
      const parameter = parameters.find((candidate) => candidate.in === 'path' && candidate.name === found.pathNames[index]);
      if (parameter?.schema && !this.fits(parameter.schema, coerce(value, this.resolve(parameter.schema)))) {
        problems.push(`${where}: path parameter ${parameter.name}=${value} does not fit ${JSON.stringify(parameter.schema)}`);
      }
    });
    problems.push(...this.checkBody(where, found.operation, request.body));
    return problems;
  }

  /** What is wrong with an answer (status and JSON body) to a request; empty when it fits the description. */
  checkResponse(method: string, requestPath: string, status: number, body: unknown): string[] {
    const where = `${method} ${requestPath} → ${status}`;
    const found = this.operation(method, requestPath);
    const response = found?.operation.responses?.[String(status)];
    if (!found || !response) {
      return [`${where}: not a documented answer`];
    }
    const schema = (this.resolve(response as Json) as { content?: Record<string, { schema?: Json }> }).content?.['application/json']?.schema;
    return schema === undefined ? [] : this.schemaProblems(where, schema, body);
  }

  private checkBody(where: string, operation: Operation, body: unknown): string[] {
    const schema = operation.requestBody?.content?.['application/json']?.schema;
    if (body === undefined) {
      return operation.requestBody?.required ? [`${where}: the request body is required`] : [];
    }
    if (!schema) {
      return [`${where}: takes no JSON body`];
    }
    const problems = this.schemaProblems(`${where} body`, schema, body);
    const declared = this.resolve(schema) as { properties?: Record<string, Json> };
    if (declared.properties && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      for (const key of Object.keys(body)) {
        const property = declared.properties[key];
        if (!property) {
          problems.push(`${where} body: field "${key}" is not declared`);
        } else if (this.resolve(property).readOnly === true) {
          problems.push(`${where} body: field "${key}" is read-only`);
        }
      }
    }
    return problems;
  }

  private schemaProblems(where: string, schema: Json, value: unknown): string[] {
    const validate = this.validator(schema);
    return validate(value) ? [] : (validate.errors ?? []).slice(0, 5).map((error) => `${where}: ${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
  }

  private fits(schema: Json, value: unknown): boolean {
    return this.validator(schema)(value);
  }

  private validator(schema: Json): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      // The schema is compiled with the description's components beside it, so its `#/components/...` refs resolve.
      validate = this.ajv.compile({ ...schema, components: this.doc.components });
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private operation(method: string, requestPath: string): { template: string; operation: Operation; pathNames: string[]; pathValues: string[] } | undefined {
    const base = basePaths[this.kind];
    if (!requestPath.startsWith(base)) {
      return undefined;
    }
    const relative = requestPath.slice(base.length);
    for (const [template, item] of Object.entries(this.doc.paths)) {
      const names: string[] = [];
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_match, name: string) => (names.push(name), '([^/]+)'))}$`);
      const match = pattern.exec(relative);
      const operation = item[method.toLowerCase()];
      if (match && operation) {
        return { template, operation, pathNames: names, pathValues: match.slice(1).map(decodeURIComponent) };
      }
    }
    return undefined;
  }

  private parametersOf(template: string, operation: Operation): Parameter[] {
    const shared = (this.doc.paths[template] as { parameters?: Operation['parameters'] }).parameters ?? [];
    return [...shared, ...(operation.parameters ?? [])].map((parameter) => this.resolve(parameter as Json) as unknown as Parameter);
  }

  private resolve(value: Json): Json {
    let current = value;
    for (let depth = 0; typeof current.$ref === 'string' && depth < 10; depth++) {
      const [, , section, name] = (current.$ref as string).split('/');
      current = (this.doc.components[section!] as Record<string, Json>)[name!]!;
    }
    return current;
  }
}

/**
 * Where a published description disagrees with the platform's own source, the source wins (README.md lists each):
 * DefectDojo answers `null` for a nested object that is not there (`FindingRelatedFieldsSerializer.get_jira` without
 * a Jira issue; a user profile without contact info or global role), which drf-spectacular's schema does not mark
 * nullable.
 */
function withSourceFixes(kind: PlatformKind, doc: unknown): unknown {
  const schemas = (doc as { components?: { schemas?: Record<string, { properties?: Record<string, Json> }> } }).components?.schemas;
  const nullable: [string, string][] = kind === 'defectdojo' ? [['FindingRelatedFields', 'jira'], ['UserProfile', 'user_contact_info'], ['UserProfile', 'global_role']] : [];
  for (const [schema, property] of nullable) {
    const properties = schemas?.[schema]?.properties;
    if (properties?.[property]) {
      properties[property] = { ...properties[property], nullable: true };
    }
  }
  return doc;
}

/**
 * OpenAPI 3.0 `nullable` beside `type` is understood by Ajv (an enum gains null); beside `allOf`/`$ref` (no `type`,
 * as drf-spectacular writes it) it becomes `anyOf: [schema, null]`.
 */
function withNullableUnions(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withNullableUnions);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const converted = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withNullableUnions(item)])) as Json;
  if (converted.nullable === true && Array.isArray(converted.enum) && !converted.enum.includes(null)) {
    // OpenAPI 3.0: `nullable` adds null to the allowed values, an enum's included.
    converted.enum = [...(converted.enum as unknown[]), null];
  }
  if (converted.nullable === true && converted.type === undefined) {
    const rest = { ...converted };
    delete rest.nullable;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return converted;
}

/** A query string value as its schema types it (integers, booleans, comma-separated arrays with `explode: false`). */
function coerce(value: string, schema: Json): unknown {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return value.trim() === '' ? value : Number(value);
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'array':
      return value.split(',').map((item) => coerce(item, (schema.items as Json | undefined) ?? {}));
    default:
      return value;
  }
}
