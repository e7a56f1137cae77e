// Each `expect:` comment states the third-party imports found on the next line (or `none`), with the names they
// bind in brackets; each `expect-call:` comment states the calls through those bindings (or `none`).
// expect: lodash import [_=default]
import _ from 'lodash';
// expect: lodash import [merge=merge]
import { merge } from 'lodash/fp';
// expect: @scope/pkg import [scoped=*]
import * as scoped from '@scope/pkg/deep/path';
// expect: express import type-only []
import type { Request } from 'express';
// expect: zod import type-only []
import { type ZodType } from 'zod';
// expect: none
import * as path from 'node:path';
// expect: none
import fs from 'fs';
// expect: none
import { local } from './local';
// expect: none
import alias from '@/components/alias';
// expect: rxjs reexport []
export { map } from 'rxjs/operators';
// expect: yaml reexport type-only []
export type { Document } from 'yaml';
// expect: jsonwebtoken require [jwt=*]
const jwt = require('jsonwebtoken');
// expect: chalk dynamic [chalk=*]
const chalk = import('chalk');
// expect: undici dynamic type-only []
type Agent = typeof import('undici');
// expect: sanitize-html import-equals [sanitize=*]
import sanitize = require('sanitize-html');
// expect: none
const text = "require('not-a-real-import')";
// expect: none
// import commented from 'commented-out';
// expect: side-effect import []
import 'side-effect';
// expect: multi import [def=default, b=a, sn=str-name, Client=Client]
import def, { a as b, 'str-name' as sn, type T, Client } from 'multi';
// expect: pg require [Pool=Pool, PgClient=Client, pgRest=*]
const { Pool, Client: PgClient = def, ...pgRest } = require('pg');
// expect: shelljs require [exec=exec]
const exec = require('shelljs').exec;
// expect: js-yaml dynamic [yaml=*]
const yaml = await import('js-yaml');
// expect: axios require [axios=*] ; axios dynamic type-only []
const axios = (require('axios') as typeof import('axios'));
// expect: debug require [require('debug')=*]
// expect-call: require('debug')
require('debug')('app');
// expect: colors require [require('colors')=*]
// expect-call: require('colors').enable
require('colors').enable();
// expect: lodash require []
require('lodash');
// expect: lodash import [tpl=template]
import { template as tpl } from 'lodash';

// expect-call: _.template
_.template('<%= x %>');
// expect-call: _.template
_?.template('x');
// expect-call: tpl
tpl('x');
// expect-call: merge
merge({}, {});
// expect-call: jwt.verify, jwt.sign
jwt.verify(jwt.sign({}, 'k'), 'k');
// expect-call: PgClient
new PgClient();
// expect-call: scoped.Thing
new scoped.Thing();
// expect-call: yaml.load
yaml.load('a: 1');
// expect-call: exec
exec('ls');
// expect-call: _.chain, _.chain().map, ?.value×1
_.chain([1]).map(String).value();
// expect-call: sanitize
sanitize('<b>');
// expect-call: axios.get
void axios.get('https://example.test');
// expect-call: def, Client
def(new Client());
// expect-call: none
path.join('a', 'b');
// expect-call: none
local();
// expect-call: none
JSON.parse('{}');
// expect-call: none
text.trim();
// expect-call: b
const b2 = b(sn);

export const used = [_, merge, scoped, path, fs, local, alias, jwt, chalk, sanitize, text, Pool, pgRest, b2];
export type Used = Request | ZodType | Agent | T;
