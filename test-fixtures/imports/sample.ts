// Each `expect:` comment states the third-party import found on the next line (or `none`).
// expect: lodash import
import _ from 'lodash';
// expect: lodash import
import { merge } from 'lodash/fp';
// expect: @scope/pkg import
import * as scoped from '@scope/pkg/deep/path';
// expect: express import type-only
import type { Request } from 'express';
// expect: zod import type-only
import { type ZodType } from 'zod';
// expect: none
import * as path from 'node:path';
// expect: none
import fs from 'fs';
// expect: none
import { local } from './local';
// expect: none
import alias from '@/components/alias';
// expect: rxjs reexport
export { map } from 'rxjs/operators';
// expect: yaml reexport type-only
export type { Document } from 'yaml';
// expect: jsonwebtoken require
const jwt = require('jsonwebtoken');
// expect: chalk dynamic
const chalk = import('chalk');
// expect: undici dynamic type-only
type Agent = typeof import('undici');
// expect: sanitize-html import-equals
import sanitize = require('sanitize-html');
// expect: none
const text = "require('not-a-real-import')";
// expect: none
// import commented from 'commented-out';
// expect: side-effect import
import 'side-effect';

export const used = [_, merge, scoped, path, fs, local, alias, jwt, chalk, sanitize, text];
export type Used = Request | ZodType | Agent;
