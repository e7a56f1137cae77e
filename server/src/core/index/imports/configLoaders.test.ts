import { strict as assert } from 'node:assert';
import { importsOf, readFixture, workspaceManifests } from '../../../test/fixtures';
import { importTargetResolver } from '../../correlate/importTargets';
import { npmEcosystem } from '../manifests/npmEcosystem';
import { configLoaders, packagesLoadedBy } from './configLoaders';

/** Source files, and the packages configuration in them makes a loader load: `line value → package (loader): trigger`. */
const cases: { name: string; path?: string; code: string; loads: string[] }[] = [
  {
    name: 'Sequelize: the dialect option of the constructor, the class bound by destructuring',
    code: `const { Sequelize } = require('sequelize');
module.exports = new Sequelize(process.env.DB_NAME, process.env.DB_USER, process.env.DB_PASSWORD, {
  host: process.env.DB_HOST,
  dialect: 'mysql',
  pool: { max: 10 },
});`,
    loads: ["4 mysql → mysql2 (sequelize): configures Sequelize with dialect 'mysql'"],
  },
  {
    name: 'Sequelize: the module is the class; postgres loads pg and pg-hstore',
    path: 'src/db.ts',
    code: `import Sequelize from 'sequelize';
export const db = new Sequelize({ dialect: 'postgres', storage: undefined });`,
    loads: ["2 postgres → pg (sequelize): configures Sequelize with dialect 'postgres'", "2 postgres → pg-hstore (sequelize): configures Sequelize with dialect 'postgres'"],
  },
  {
    name: 'Sequelize: a connection URL names the dialect',
    code: `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize('postgres://shop:secret@db:5432/shop');`,
    loads: ["2 postgres://shop:secret@db:5432/shop → pg (sequelize): connects Sequelize to a 'postgres:' URL", "2 postgres://shop:secret@db:5432/shop → pg-hstore (sequelize): connects Sequelize to a 'postgres:' URL"],
  },
  {
    name: 'sequelize-typescript, mssql',
    path: 'src/database.ts',
    code: `import { Sequelize } from 'sequelize-typescript';
export const sequelize = new Sequelize({ dialect: 'mssql', models: [__dirname + '/models'] });`,
    loads: ["2 mssql → tedious (sequelize): configures Sequelize with dialect 'mssql'"],
  },
  {
    name: 'knex: called on require() itself, and through a binding',
    code: `const db = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const knex = require('knex');
const reporting = knex({
  client: 'mysql2',
  connection: { host: 'replica' },
});`,
    loads: ["1 pg → pg (knex): configures knex with client 'pg'", "4 mysql2 → mysql2 (knex): configures knex with client 'mysql2'"],
  },
  {
    name: 'knexfile: its environments configure knex without a call',
    path: 'knexfile.js',
    code: `module.exports = {
  development: { client: 'sqlite3', connection: { filename: './dev.sqlite3' } },
  production: { client: 'postgresql', connection: process.env.DATABASE_URL },
};`,
    loads: ["2 sqlite3 → sqlite3 (knex): configures knex with client 'sqlite3'", "3 postgresql → pg (knex): configures knex with client 'postgresql'"],
  },
  {
    name: 'TypeORM: DataSource, createConnection on the namespace, NestJS forRoot and forRootAsync factories',
    path: 'src/app.module.ts',
    code: `import { DataSource, DataSourceOptions } from 'typeorm';
import * as typeorm from 'typeorm';
import { TypeOrmModule } from '@nestjs/typeorm';
export const AppDataSource = new DataSource({ type: 'postgres', extra: { type: 'ignored' } } as DataSourceOptions);
typeorm.createConnection({ type: 'sqlite', database: ':memory:' });
@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: (config: ConfigService) => ({ type: 'mysql', url: config.get('DB_URL') }) }),
    TypeOrmModule.forRootAsync({
      useFactory() {
        return { type: 'mongodb', url: process.env.MONGO_URL };
      },
    }),
  ],
})
export class AppModule {}`,
    loads: [
      "4 postgres → pg (typeorm): configures TypeORM with type 'postgres'",
      "5 sqlite → sqlite3 (typeorm): configures TypeORM with type 'sqlite'",
      "8 mysql → mysql (typeorm): configures TypeORM with type 'mysql'",
      "8 mysql → mysql2 (typeorm): configures TypeORM with type 'mysql'",
      "11 mongodb → mongodb (typeorm): configures TypeORM with type 'mongodb'",
    ],
  },
  {
    name: 'Express: the view engine setting names the package Express requires',
    code: `const express = require('express');
const app = express();
app.set('views', path.join(__dirname, 'views'));
app.set('view engine', 'ejs');`,
    loads: ["4 ejs → ejs (express): sets the Express view engine to 'ejs'"],
  },
  {
    name: 'not a loader: same option names elsewhere, unknown values, values that are not string literals',
    path: 'src/misc.ts',
    code: `import { Sequelize } from 'sequelize';
import knex from 'knex';
const schema = { type: 'string', dialect: 'mysql' };
const other = new Client({ dialect: 'mysql' });
const db = new Sequelize({ dialect: process.env.DIALECT });
const custom = new Sequelize({ dialect: 'postgres', dialectModule: require('pg-native') });
const k = knex({ client: 'not-a-driver' });
const url = new URL('https://example.com');
settings.set('theme', 'dark');`,
    loads: [],
  },
];

suite('core/index/imports/configLoaders', () => {
  for (const { name, path = 'src/db.js', code, loads } of cases) {
    test(name, async () => {
      const facts = await importsOf(path, code);
      const lines = code.split('\n');
      const got = facts
        .filter((fact) => fact.loadedBy)
        .map((fact) => {
          const { start, end } = fact.range;
          assert.equal(fact.bindings, undefined, 'a loaded package binds nothing the application calls');
          return `${start.line + 1} ${lines[start.line]!.slice(start.character, end.character)} → ${fact.packageName} (${fact.loadedBy!.loader}): ${fact.loadedBy!.trigger}`;
        });
      assert.deepEqual(got, loads);
    });
  }

  test('node-sequelize-knex: each configured driver and view engine, at its line, resolves to its installed copy', async () => {
    const expected = JSON.parse(readFixture('workspaces', 'node-sequelize-knex', 'node-sequelize-knex.expected.json')) as { loads: Record<string, string> };
    const { graphs } = npmEcosystem.buildGraphs(workspaceManifests('node-sequelize-knex', npmEcosystem));
    const sources = ['src/app.js', 'src/db.js', 'src/models/order.js', 'src/reporting.js', 'src/routes/orders.js', 'src/routes/reports.js', 'knexfile.js', 'migrations/20220301093000_create_sales.js'];
    const resolve = importTargetResolver(graphs, new Set(sources));
    const got: Record<string, string> = {};
    for (const path of sources) {
      for (const fact of await importsOf(path, readFixture('workspaces', 'node-sequelize-knex', ...path.split('/')))) {
        if (fact.loadedBy) {
          got[`${path}:${fact.range.start.line + 1} ${fact.packageName} (${fact.loadedBy.loader})`] = resolve(fact)!.slice(`npm:${fact.packageName}@`.length);
        }
      }
    }
    assert.deepEqual(got, expected.loads);
  });

  test('the table: each loader names packages for the values it documents, none for others', () => {
    const byLoader = new Map(configLoaders.map((loader) => [loader.loader, loader]));
    assert.deepEqual(packagesLoadedBy(byLoader.get('sequelize')!, 'mysql'), ['mysql2']);
    assert.deepEqual(packagesLoadedBy(byLoader.get('knex')!, 'mssql'), ['tedious']);
    assert.deepEqual(packagesLoadedBy(byLoader.get('typeorm')!, 'mariadb'), ['mysql', 'mysql2']);
    assert.deepEqual(packagesLoadedBy(byLoader.get('express')!, 'pug'), ['pug']);
    assert.deepEqual(packagesLoadedBy(byLoader.get('express')!, '../views/x'), [], 'not a package name');
    assert.deepEqual(packagesLoadedBy(byLoader.get('sequelize')!, 'constructor'), [], 'only own keys of the table');
  });
});
