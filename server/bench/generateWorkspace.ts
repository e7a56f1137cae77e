import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Prng } from './prng';

/** Bumped whenever the output changes, so a cached workspace of an older generator is regenerated. */
const generatorVersion = 4;
const markerFile = '.aspm-bench.json';

/** The repository path of the 2,000-line TypeScript file the edit-latency runs type into. */
export const editTargetPath = 'src/big/editTarget.ts';
export const editTargetLines = 2000;

export interface GeneratedWorkspace {
  dir: string;
  seed: number;
  /** Source files written (JS/TS family, `.d.ts` included), besides manifests and other files. */
  sourceFiles: number;
  sourceBytes: number;
  /** Whether an identical workspace was already on disk. */
  wasCached: boolean;
}

/** A third-party package the generated code uses, with the ways files import it. */
interface Dependency {
  name: string;
  version: string;
  /** How often files import it. */
  weight: number;
  styles: ImportStyle[];
  isDev?: boolean;
  /** Only in files with JSX. */
  isJsxOnly?: boolean;
}

/** One way to import a package: the ESM and CommonJS statements, and what calls the bindings allow. */
interface ImportStyle {
  esm: string;
  cjs?: string;
  /** `object.method(…)` calls. */
  object?: { name: string; methods: string[] };
  /** Plain calls of bound functions (`new` when `isClass`). */
  functions?: { name: string; isClass?: boolean }[];
}

const dependencies: Dependency[] = [
  {
    name: 'lodash',
    version: '4.17.15',
    weight: 14,
    styles: [
      { esm: "import _ from 'lodash';", cjs: "const _ = require('lodash');", object: { name: '_', methods: ['merge', 'get', 'set', 'cloneDeep', 'groupBy', 'pick', 'omit', 'debounce', 'template', 'uniqBy'] } },
      { esm: "import { merge, get, cloneDeep } from 'lodash';", cjs: "const { merge, get, cloneDeep } = require('lodash');", functions: [{ name: 'merge' }, { name: 'get' }, { name: 'cloneDeep' }] },
      { esm: "import groupBy from 'lodash/groupBy';", cjs: "const groupBy = require('lodash/groupBy');", functions: [{ name: 'groupBy' }] },
    ],
  },
  {
    name: 'express',
    version: '4.17.1',
    weight: 3,
    styles: [
      { esm: "import express from 'express';", cjs: "const express = require('express');", object: { name: 'express', methods: ['json', 'urlencoded', 'static', 'Router'] } },
      { esm: "import { Router } from 'express';", cjs: "const { Router } = require('express');", functions: [{ name: 'Router' }] },
      { esm: "import type { Request, Response, NextFunction } from 'express';" },
    ],
  },
  { name: 'jsonwebtoken', version: '8.5.1', weight: 3, styles: [{ esm: "import jwt from 'jsonwebtoken';", cjs: "const jwt = require('jsonwebtoken');", object: { name: 'jwt', methods: ['sign', 'verify', 'decode'] } }] },
  { name: 'moment', version: '2.29.1', weight: 3, styles: [{ esm: "import moment from 'moment';", cjs: "const moment = require('moment');", functions: [{ name: 'moment' }] }] },
  { name: 'sanitize-html', version: '2.3.0', weight: 1, styles: [{ esm: "import sanitizeHtml = require('sanitize-html');", cjs: "const sanitizeHtml = require('sanitize-html');", functions: [{ name: 'sanitizeHtml' }] }] },
  { name: 'axios', version: '1.6.8', weight: 8, styles: [{ esm: "import axios from 'axios';", cjs: "const axios = require('axios');", object: { name: 'axios', methods: ['get', 'post', 'put', 'delete', 'create'] } }] },
  { name: 'zod', version: '3.23.8', weight: 7, styles: [{ esm: "import { z } from 'zod';", cjs: "const { z } = require('zod');", object: { name: 'z', methods: ['object', 'string', 'number', 'array', 'enum'] } }] },
  { name: 'uuid', version: '9.0.1', weight: 5, styles: [{ esm: "import { v4 as uuidv4 } from 'uuid';", cjs: "const { v4: uuidv4 } = require('uuid');", functions: [{ name: 'uuidv4' }] }] },
  {
    name: 'react',
    version: '18.3.1',
    weight: 30,
    isJsxOnly: true,
    styles: [{ esm: "import React, { useState, useEffect, useMemo } from 'react';", functions: [{ name: 'useState' }, { name: 'useEffect' }, { name: 'useMemo' }] }],
  },
  { name: 'react-dom', version: '18.3.1', weight: 2, isJsxOnly: true, styles: [{ esm: "import { createRoot } from 'react-dom/client';", functions: [{ name: 'createRoot' }] }] },
  { name: 'dotenv', version: '16.4.5', weight: 1, styles: [{ esm: "import 'dotenv/config';", cjs: "require('dotenv').config();" }] },
  { name: 'pg', version: '8.11.5', weight: 3, styles: [{ esm: "import { Pool } from 'pg';", cjs: "const { Pool } = require('pg');", functions: [{ name: 'Pool', isClass: true }] }] },
  { name: 'redis', version: '4.6.13', weight: 2, styles: [{ esm: "import { createClient } from 'redis';", cjs: "const { createClient } = require('redis');", functions: [{ name: 'createClient' }] }] },
  { name: 'winston', version: '3.13.0', weight: 4, styles: [{ esm: "import winston from 'winston';", cjs: "const winston = require('winston');", object: { name: 'winston', methods: ['createLogger'] } }] },
  { name: 'rxjs', version: '7.8.1', weight: 3, styles: [{ esm: "import { Observable, of, from as fromItems } from 'rxjs';", functions: [{ name: 'of' }, { name: 'fromItems' }, { name: 'Observable', isClass: true }] }] },
  { name: 'ws', version: '8.17.0', weight: 1, styles: [{ esm: "import { WebSocketServer } from 'ws';", cjs: "const { WebSocketServer } = require('ws');", functions: [{ name: 'WebSocketServer', isClass: true }] }] },
  { name: 'commander', version: '12.0.0', weight: 1, styles: [{ esm: "import { Command } from 'commander';", cjs: "const { Command } = require('commander');", functions: [{ name: 'Command', isClass: true }] }] },
  { name: 'cors', version: '2.8.5', weight: 1, styles: [{ esm: "import cors from 'cors';", cjs: "const cors = require('cors');", functions: [{ name: 'cors' }] }] },
  { name: 'helmet', version: '7.1.0', weight: 1, styles: [{ esm: "import helmet from 'helmet';", cjs: "const helmet = require('helmet');", functions: [{ name: 'helmet' }] }] },
  { name: 'date-fns', version: '3.6.0', weight: 4, styles: [{ esm: "import { format, addDays } from 'date-fns';", cjs: "const { format, addDays } = require('date-fns');", functions: [{ name: 'format' }, { name: 'addDays' }] }] },
  {
    name: '@aws-sdk/client-s3',
    version: '3.569.0',
    weight: 2,
    styles: [{ esm: "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';", cjs: "const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');", functions: [{ name: 'S3Client', isClass: true }, { name: 'GetObjectCommand', isClass: true }] }],
  },
  { name: 'chai', version: '4.4.1', weight: 0, isDev: true, styles: [{ esm: "import { expect } from 'chai';", cjs: "const { expect } = require('chai');", functions: [{ name: 'expect' }] }] },
];

const builtins = ["import * as fs from 'node:fs';", "import * as path from 'node:path';", "import { createHash } from 'node:crypto';", "import { EventEmitter } from 'events';", "import { promisify } from 'util';"];
const builtinRequires = ["const fs = require('fs');", "const path = require('path');", "const { createHash } = require('crypto');"];

const areas = ['api', 'services', 'models', 'controllers', 'utils', 'lib', 'components', 'hooks', 'store', 'config', 'middleware', 'jobs', 'routes', 'scripts'] as const;
type Area = (typeof areas)[number];
const syllables = ['ac', 'bar', 'cor', 'dex', 'el', 'fin', 'gal', 'hub', 'ion', 'jet', 'kal', 'lum', 'mar', 'nov', 'or', 'pax', 'quo', 'rel', 'sol', 'tor', 'ul', 'ven', 'wix', 'yar', 'zen'];
const nouns = ['order', 'invoice', 'customer', 'product', 'cart', 'payment', 'session', 'report', 'account', 'shipment', 'coupon', 'review', 'ticket', 'profile', 'catalog', 'price', 'stock', 'audit', 'message', 'token'];
const verbs = ['load', 'save', 'compute', 'validate', 'format', 'resolve', 'merge', 'build', 'parse', 'sync', 'render', 'apply', 'collect', 'refresh'];
const fields = ['id', 'name', 'total', 'status', 'createdAt', 'owner', 'amount', 'currency', 'items', 'tags', 'version', 'region'];

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** A file of the workspace being generated: its extension decides syntax (types, JSX, CommonJS). */
interface FileShape {
  area: Area;
  extension: string;
  isTest: boolean;
}

const extensionWeights: (readonly [string, number])[] = [
  ['.ts', 50],
  ['.tsx', 12],
  ['.js', 18],
  ['.jsx', 4],
  ['.mjs', 5],
  ['.cjs', 4],
  ['.mts', 2],
  ['.cts', 1],
  ['.d.ts', 2],
];

/**
 * Writes a deterministic JS/TS workspace of `files` source files under `dir`: a realistic mix of extensions, ESM and
 * CommonJS imports of popular packages (those of the node-express sample's findings among them), relative and
 * built-in imports, re-exports, type-only and dynamic imports, Express routers and React components, plus a
 * package.json and package-lock.json and a few files the index skips. Reuses `dir` when it already holds the same
 * generation.
 */
export function generateWorkspace(dir: string, options: { files: number; seed: number; lockTemplate: string }): GeneratedWorkspace {
  const marker = JSON.stringify({ generatorVersion, files: options.files, seed: options.seed });
  const markerPath = path.join(dir, markerFile);
  if (existsSync(markerPath) && readFileSync(markerPath, 'utf8') === marker) {
    const cached = JSON.parse(readFileSync(path.join(dir, '.aspm-bench-stats.json'), 'utf8')) as GeneratedWorkspace;
    return { ...cached, dir, wasCached: true };
  }
  rmSync(dir, { recursive: true, force: true });
  const random = new Prng(options.seed);
  const write = (relative: string, text: string): void => {
    const full = path.join(dir, ...relative.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  };

  let sourceBytes = 0;
  const features = Math.max(4, Math.round(options.files / 25));
  const featureNames = Array.from({ length: features }, (_, at) => `${random.pick(syllables)}${random.pick(syllables)}${at}`);
  const written = new Set<string>();
  const modules: string[] = []; // written module paths without extension, for relative imports
  for (let index = 0; index < options.files - 1; index++) {
    const shape = pickShape(random);
    const feature = random.pick(featureNames);
    const base = `${random.pick(verbs)}${capitalize(random.pick(nouns))}${index}`;
    const relative = shape.isTest ? `test/${shape.area}/${feature}/${base}.test${shape.extension}` : `src/${shape.area}/${feature}/${base}${shape.extension}`;
    const text = shape.extension === '.d.ts' ? declarationFile(random) : sourceFile(random, shape, relative, modules);
    write(relative, text);
    written.add(relative);
    modules.push(relative.replace(/\.(d\.ts|[cm]?[jt]sx?)$/, ''));
    sourceBytes += Buffer.byteLength(text);
  }
  const target = editTargetText(options.seed);
  write(editTargetPath, target);
  sourceBytes += Buffer.byteLength(target);

  const manifests = npmManifests(options.lockTemplate);
  write('package.json', manifests.manifest);
  write('package-lock.json', manifests.lockfile);
  write('README.md', '# Generated benchmark workspace\n\nWritten by server/bench/generateWorkspace.ts; do not edit.\n');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, jsx: 'react-jsx', module: 'node16' }, include: ['src'] }, null, 2));
  write('.vscode/settings.json', JSON.stringify({ 'aspm.repository': 'github.com/acme/node-shop' }, null, 2));
  // Skipped by the walker: dependency folders and build output must never be indexed.
  for (let at = 0; at < 50; at++) {
    write(`node_modules/lodash/fp/f${at}.js`, "module.exports = require('../lodash');\n");
    write(`dist/chunk${at}.js`, `require('lodash');${'x'.repeat(200)}\n`);
  }
  const stats: GeneratedWorkspace = { dir, seed: options.seed, sourceFiles: options.files, sourceBytes, wasCached: false };
  writeFileSync(path.join(dir, '.aspm-bench-stats.json'), JSON.stringify(stats));
  writeFileSync(markerPath, marker);
  return stats;
}

function pickShape(random: Prng): FileShape {
  const isTest = random.chance(0.1);
  let extension = random.weighted(extensionWeights);
  let area = random.pick(areas);
  if (area === 'components' || area === 'hooks') {
    extension = random.chance(0.75) ? '.tsx' : '.jsx';
  } else if (area === 'scripts') {
    extension = random.pick(['.mjs', '.cjs', '.js']);
  } else if (extension === '.tsx' || extension === '.jsx') {
    area = random.pick(['components', 'hooks'] as const);
  }
  if (isTest && extension === '.d.ts') {
    extension = '.ts';
  }
  return { area, extension, isTest };
}

/** The binding a file may call, with the statement that imports it. */
interface Binding {
  style: ImportStyle;
}

function sourceFile(random: Prng, shape: FileShape, relative: string, modules: readonly string[]): string {
  const isTypeScript = /\.[cm]?tsx?$/.test(shape.extension);
  const isJsx = shape.extension.endsWith('x');
  const isCommonJs = shape.extension === '.cjs' || (shape.extension === '.js' && random.chance(0.5)) || shape.extension === '.cts';
  const lines: string[] = [];
  const bindings: Binding[] = [];

  // Imports: third-party (weighted), built-ins, relative siblings; a few side-effect, type-only and dynamic ones.
  const thirdParty = random.int(1, 6);
  const chosen = new Set<Dependency>();
  for (let at = 0; at < thirdParty; at++) {
    const candidates = dependencies.filter((dependency) => (isJsx || !dependency.isJsxOnly) && (shape.isTest || !dependency.isDev) && dependency.weight > 0);
    chosen.add(random.weighted(candidates.map((dependency) => [dependency, dependency.weight] as const)));
  }
  if (shape.isTest) {
    chosen.add(dependencies.find((dependency) => dependency.name === 'chai')!);
  }
  if (shape.area === 'routes' || shape.area === 'middleware') {
    chosen.add(dependencies.find((dependency) => dependency.name === 'express')!);
  }
  for (const dependency of chosen) {
    const isRouter = dependency.name === 'express' && (shape.area === 'routes' || shape.area === 'middleware');
    const usable = dependency.styles.filter((candidate) => isTypeScript || !candidate.esm.startsWith('import type'));
    const style = isRouter ? dependency.styles[1]! : random.pick(usable.length > 0 ? usable : dependency.styles);
    if ((isCommonJs || (!isTypeScript && style.esm.includes('= require('))) && style.cjs) {
      lines.push(style.cjs);
    } else if (isTypeScript || !style.esm.startsWith('import type')) {
      lines.push(style.esm);
    }
    bindings.push({ style });
  }
  const builtinCount = random.int(0, 2);
  for (let at = 0; at < builtinCount; at++) {
    lines.push(isCommonJs ? random.pick(builtinRequires) : random.pick(builtins));
  }
  const relativeCount = Math.min(modules.length, random.int(0, 5));
  const ownDir = path.posix.dirname(relative);
  for (let at = 0; at < relativeCount; at++) {
    const target = modules[random.int(Math.max(0, modules.length - 400), modules.length - 1)]!;
    let specifier = path.posix.relative(ownDir, target);
    specifier = specifier.startsWith('.') ? specifier : `./${specifier}`;
    const name = `${random.pick(verbs)}${capitalize(random.pick(nouns))}`;
    if (isCommonJs) {
      lines.push(`const { ${name} } = require('${specifier}');`);
    } else if (isTypeScript && random.chance(0.3)) {
      lines.push(`import type { ${capitalize(random.pick(nouns))} } from '${specifier}';`);
    } else {
      lines.push(`import { ${name} } from '${specifier}';`);
    }
  }
  const dedup = [...new Set(lines.filter((line) => line !== ''))];
  const out = [`// ${relative}: generated by the ASPM benchmark.`, ...dedup, ''];

  if (shape.area === 'routes' && !isCommonJs) {
    out.push('export const router = Router();', '');
  } else if (shape.area === 'routes') {
    out.push('const router = Router();', 'module.exports = { router };', '');
  }
  const blocks = Math.min(90, 1 + Math.round(random.exponential(8)));
  for (let at = 0; at < blocks; at++) {
    out.push(block(random, { shape, isTypeScript, isJsx, isCommonJs, bindings }), '');
  }
  if (!isCommonJs && random.chance(0.08) && modules.length > 0) {
    const target = modules[random.int(0, modules.length - 1)]!;
    const specifier = path.posix.relative(ownDir, target);
    out.push(`export * from '${specifier.startsWith('.') ? specifier : `./${specifier}`}';`);
  }
  if (random.chance(0.05)) {
    out.push(`export async function lazyChalk() {`, `  const { default: chalk } = await import('chalk');`, `  return chalk.green('ok');`, `}`);
  }
  return `${out.join('\n')}\n`;
}

interface BlockContext {
  shape: FileShape;
  isTypeScript: boolean;
  isJsx: boolean;
  isCommonJs: boolean;
  bindings: Binding[];
}

/** A call through one of the file's imported bindings, or a local helper when it imports nothing callable. */
function callExpression(random: Prng, context: BlockContext, argument: string): string {
  const callable = context.bindings.filter((binding) => binding.style.object || (binding.style.functions?.length ?? 0) > 0);
  if (callable.length === 0) {
    return `helper(${argument})`;
  }
  const { style } = random.pick(callable);
  if (style.object && (!style.functions || random.chance(0.5))) {
    return `${style.object.name}.${random.pick(style.object.methods)}(${argument})`;
  }
  const fn = random.pick(style.functions!);
  return fn.isClass ? `new ${fn.name}(${argument})` : `${fn.name}(${argument})`;
}

function block(random: Prng, context: BlockContext): string {
  const noun = random.pick(nouns);
  const type = capitalize(noun);
  const field = random.pick(fields);
  const exported = context.isCommonJs ? '' : 'export ';
  const t = (annotation: string): string => (context.isTypeScript ? annotation : '');
  const kind = random.weighted<string>([
    ['function', 40],
    ['class', 15],
    ['interface', context.isTypeScript ? 15 : 0],
    ['config', 10],
    ['switch', 8],
    ['route', context.shape.area === 'routes' ? 60 : 0],
    ['component', context.isJsx ? 50 : 0],
    ['test', context.shape.isTest ? 60 : 0],
  ]);
  switch (kind) {
    case 'function': {
      const name = `${random.pick(verbs)}${type}${random.int(0, 999)}`;
      const statements = random.int(2, 10);
      const body = Array.from({ length: statements }, (_, at) => {
        const variable = `${noun}${at}`;
        return random.weighted<string>([
          [`  const ${variable} = ${callExpression(random, context, `input.${field}`)};`, 4],
          [`  if (!input.${field}) {\n    throw new Error('${noun} without ${field}');\n  }`, 2],
          [`  for (const item of input.items ?? []) {\n    total += item.${field} * ${random.int(1, 99)};\n  }`, 2],
          [`  // Keeps the ${field} of a ${noun} stable across retries.\n  const ${variable} = { ...input, ${field}: input.${field} ?? ${random.int(0, 9)} };`, 2],
          [`  const ${variable} = await Promise.all((input.items ?? []).map(async (item${t(': Item')}) => item.${field}));`, 1],
        ]);
      });
      return [
        `/**`,
        ` * ${capitalize(random.pick(verbs))}s the ${field} of a ${noun}.`,
        ` */`,
        `${exported}async function ${name}(input${t(`: ${type}Input`)}, options${t(': Options')} = {})${t(`: Promise<${type}Result>`)} {`,
        `  let total = options.offset ?? 0;`,
        ...body,
        `  return { ${field}: input.${field}, total };`,
        `}`,
      ].join('\n');
    }
    case 'class': {
      const methods = random.int(1, 5);
      return [
        `${exported}class ${type}Service${random.int(0, 999)} {`,
        context.isTypeScript ? `  private readonly cache = new Map<string, ${type}>();` : `  cache = new Map();`,
        ``,
        `  constructor(${context.isTypeScript ? 'private readonly ' : ''}client${t(': Client')}) {`,
        context.isTypeScript ? `    this.client = client;` : `    this.client = client;`,
        `  }`,
        ...Array.from({ length: methods }, () =>
          [
            ``,
            `  async ${random.pick(verbs)}${capitalize(random.pick(fields))}(id${t(': string')})${t(`: Promise<${type} | undefined>`)} {`,
            `    const cached = this.cache.get(id);`,
            `    if (cached) {`,
            `      return cached;`,
            `    }`,
            `    const loaded = await ${callExpression(random, context, 'id')};`,
            `    this.cache.set(id, loaded);`,
            `    return loaded;`,
            `  }`,
          ].join('\n'),
        ),
        `}`,
      ].join('\n');
    }
    case 'interface': {
      const members = random.int(2, 12);
      return [
        `${exported}interface ${type}${random.int(0, 999)} {`,
        ...Array.from({ length: members }, () => `  ${random.pick(fields)}${random.chance(0.3) ? '?' : ''}: ${random.pick(['string', 'number', 'boolean', `${type}[]`, 'Record<string, unknown>'])};`),
        `}`,
      ].join('\n');
    }
    case 'config':
      return [
        `${context.isCommonJs ? '' : 'export '}const ${noun}Config${random.int(0, 999)} = {`,
        ...Array.from({ length: random.int(2, 8) }, () => `  ${random.pick(fields)}${random.int(0, 99)}: ${random.chance(0.5) ? `'${random.pick(nouns)}'` : random.int(0, 10_000)},`),
        `}${context.isTypeScript ? ' as const' : ''};`,
      ].join('\n');
    case 'switch':
      return [
        `${exported}function describe${type}${random.int(0, 999)}(status${t(': string')})${t(': string')} {`,
        `  switch (status) {`,
        ...Array.from({ length: random.int(2, 6) }, () => `    case '${random.pick(nouns)}':\n      return '${random.pick(verbs)}';`),
        `    default:`,
        `      return 'unknown';`,
        `  }`,
        `}`,
      ].join('\n');
    case 'route':
      return [
        `router.${random.pick(['get', 'post', 'put', 'delete'])}('/${noun}s/:${field}', async (req${t(': Request')}, res${t(': Response')}) => {`,
        `  const result = await ${callExpression(random, context, `req.params.${field}`)};`,
        `  res.json({ ${field}: req.params.${field}, result });`,
        `});`,
      ].join('\n');
    case 'component':
      return [
        `${exported}function ${type}Card${random.int(0, 999)}({ ${field} }${t(`: { ${field}: string }`)}) {`,
        `  const [count, setCount] = useState(0);`,
        `  useEffect(() => {`,
        `    document.title = \`\${${field}} (\${count})\`;`,
        `  }, [count]);`,
        `  return (`,
        `    <div className="${noun}-card">`,
        `      <h2>{${field}}</h2>`,
        `      <button onClick={() => setCount(count + 1)}>{count}</button>`,
        `    </div>`,
        `  );`,
        `}`,
      ].join('\n');
    default:
      return [
        `describe('${noun}', () => {`,
        ...Array.from({ length: random.int(1, 4) }, () =>
          [`  it('${random.pick(verbs)}s the ${field}', async () => {`, `    const value = await ${callExpression(random, context, `'${random.pick(nouns)}'`)};`, `    expect(value).to.not.equal(undefined);`, `  });`].join('\n'),
        ),
        `});`,
      ].join('\n');
  }
}

function declarationFile(random: Prng): string {
  const type = capitalize(random.pick(nouns));
  return `declare module '${random.pick(nouns)}-types' {\n  export interface ${type} {\n    ${random.pick(fields)}: string;\n  }\n}\n`;
}

/** The 2,000-line TypeScript file the edit-latency runs type into: imports of the sample's vulnerable packages. */
export function editTargetText(seed: number): string {
  const random = new Prng(seed ^ 0x5eed);
  const context: BlockContext = {
    shape: { area: 'services', extension: '.ts', isTest: false },
    isTypeScript: true,
    isJsx: false,
    isCommonJs: false,
    bindings: ['lodash', 'express', 'jsonwebtoken', 'moment', 'axios'].map((name) => ({ style: dependencies.find((dependency) => dependency.name === name)!.styles[0]! })),
  };
  const lines = [
    '// The file the ASPM benchmark edits: 2,000 lines of TypeScript.',
    "import _ from 'lodash';",
    "import express from 'express';",
    "import jwt from 'jsonwebtoken';",
    "import moment from 'moment';",
    "import axios from 'axios';",
    "import * as path from 'node:path';",
    '',
  ];
  while (lines.length < editTargetLines) {
    lines.push(...block(random, context).split('\n'), '');
  }
  return `${lines.slice(0, editTargetLines - 1).join('\n')}\nexport const editTargetEnd = true;\n`;
}

/**
 * package.json and package-lock.json: the node-express sample's dependencies (so the fixture backend's findings
 * apply) plus the other packages the generated code imports, each locked at one version.
 */
function npmManifests(lockTemplate: string): { manifest: string; lockfile: string } {
  const lock = JSON.parse(lockTemplate) as { packages: Record<string, { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; dev?: boolean; [key: string]: unknown }> };
  const root = lock.packages['']!;
  const runtime: Record<string, string> = { ...root.dependencies };
  const dev: Record<string, string> = { ...root.devDependencies };
  for (const dependency of dependencies) {
    const locked = lock.packages[`node_modules/${dependency.name}`];
    const version = locked?.version ?? dependency.version;
    if (!(dependency.name in runtime) && !(dependency.name in dev)) {
      (dependency.isDev ? dev : runtime)[dependency.name] = `^${version}`;
    }
    if (!locked) {
      lock.packages[`node_modules/${dependency.name}`] = {
        version,
        resolved: `https://registry.npmjs.org/${dependency.name}/-/${dependency.name.split('/').pop()}-${version}.tgz`,
        license: 'MIT',
        ...(dependency.isDev ? { dev: true } : {}),
      };
    }
  }
  const sorted = (record: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  root.dependencies = sorted(runtime);
  root.devDependencies = sorted(dev);
  const manifest = { name: root.name ?? 'node-shop', version: root.version ?? '1.0.0', private: true, dependencies: root.dependencies, devDependencies: root.devDependencies };
  return { manifest: `${JSON.stringify(manifest, null, 2)}\n`, lockfile: `${JSON.stringify(lock, null, 2)}\n` };
}
