/**
 * How code reaches a loader: an export of a package (`Sequelize` of `sequelize`), called or constructed, or a member
 * of that export (`TypeOrmModule.forRoot`). `isModule`: the package's module itself is that export
 * (`const Sequelize = require('sequelize')`, `require('knex')(…)`).
 */
export interface LoaderCall {
  from: string;
  export: string;
  member?: string;
  isModule?: boolean;
}

/**
 * A package that loads another one named only by configuration: an option of an object literal passed to one of its
 * calls (`new Sequelize(…, { dialect: 'mysql' })`), or a setting (`app.set('view engine', 'ejs')`).
 */
export interface ConfigLoader {
  /** The package whose code does the loading; the loaded package is resolved from its copy. */
  loader: string;
  /** How the evidence names the loader: `Sequelize`, `knex`, `TypeORM`. */
  subject: string;
  /** Calls whose object-literal arguments configure it; empty for a setting. */
  calls: readonly LoaderCall[];
  /** Option keys (or the setting's name) that name what is loaded. */
  options: readonly string[];
  /**
   * Option value → the packages it loads, where the loader tries several in order (TypeORM's `mysql` tries mysql,
   * then mysql2). `'value'`: the value is the package name itself.
   */
  loads: Readonly<Record<string, readonly string[]>> | 'value';
  /** A setting (`app.set(name, value)`) rather than an option of a call. */
  isSetting?: boolean;
  /** Files that configure the loader without calling it (knexfile.js, read by the knex CLI and `knex(config)`). */
  configFile?: RegExp;
  /** Connection URL schemes that name an option value (`postgres://` → dialect `postgres`). */
  urlSchemes?: Readonly<Record<string, string>>;
}

// Each table follows the loader's own code: Sequelize `lib/dialects/*/connection-manager.js` (v4–v6), knex
// `lib/dialects/index.js` (1.x–3.x), TypeORM's drivers' `loadDependencies`, Express `View` (`require(ext)`).
const sequelizeDialects = {
  mysql: ['mysql2'],
  mariadb: ['mariadb'],
  postgres: ['pg', 'pg-hstore'],
  sqlite: ['sqlite3'],
  mssql: ['tedious'],
  db2: ['ibm_db'],
  snowflake: ['snowflake-sdk'],
  oracle: ['oracledb'],
};

const knexClients = {
  'better-sqlite3': ['better-sqlite3'],
  cockroachdb: ['pg'],
  mssql: ['tedious'],
  mysql: ['mysql'],
  mysql2: ['mysql2'],
  oracledb: ['oracledb'],
  pg: ['pg'],
  pgnative: ['pg-native'],
  postgres: ['pg'],
  postgresql: ['pg'],
  redshift: ['pg'],
  sqlite: ['sqlite3'],
  sqlite3: ['sqlite3'],
};

const typeormTypes = {
  mysql: ['mysql', 'mysql2'],
  mariadb: ['mysql', 'mysql2'],
  postgres: ['pg'],
  cockroachdb: ['pg'],
  sqlite: ['sqlite3'],
  'better-sqlite3': ['better-sqlite3'],
  mssql: ['mssql'],
  oracle: ['oracledb'],
  mongodb: ['mongodb'],
  sqljs: ['sql.js'],
  spanner: ['@google-cloud/spanner'],
  sap: ['@sap/hana-client'],
  'aurora-mysql': ['typeorm-aurora-data-api-driver'],
  'aurora-postgres': ['typeorm-aurora-data-api-driver'],
};

/** The loaders the JavaScript indexer recognises. */
export const configLoaders: readonly ConfigLoader[] = [
  {
    loader: 'sequelize',
    subject: 'Sequelize',
    calls: [
      { from: 'sequelize', export: 'Sequelize', isModule: true },
      { from: 'sequelize-typescript', export: 'Sequelize' },
    ],
    options: ['dialect'],
    loads: sequelizeDialects,
    urlSchemes: { mysql: 'mysql', mariadb: 'mariadb', postgres: 'postgres', postgresql: 'postgres', sqlite: 'sqlite', mssql: 'mssql', db2: 'db2', oracle: 'oracle' },
  },
  {
    loader: 'knex',
    subject: 'knex',
    calls: [
      { from: 'knex', export: 'knex', isModule: true },
      { from: 'knex', export: 'Knex' },
    ],
    options: ['client', 'dialect'],
    loads: knexClients,
    configFile: /(?:^|\/)knexfile\.[cm]?[jt]s$/,
  },
  {
    loader: 'typeorm',
    subject: 'TypeORM',
    calls: [
      { from: 'typeorm', export: 'DataSource' },
      { from: 'typeorm', export: 'createConnection' },
      { from: 'typeorm', export: 'createConnections' },
      { from: '@nestjs/typeorm', export: 'TypeOrmModule', member: 'forRoot' },
      { from: '@nestjs/typeorm', export: 'TypeOrmModule', member: 'forRootAsync' },
    ],
    options: ['type'],
    loads: typeormTypes,
  },
  {
    loader: 'express',
    subject: 'Express',
    calls: [],
    options: ['view engine'],
    loads: 'value',
    isSetting: true,
  },
];

/** Every option key and setting name of the table, for the indexer's query. */
export const configOptionKeys: readonly string[] = [...new Set(configLoaders.filter((loader) => !loader.isSetting).flatMap((loader) => loader.options))];

/** What the code at a configuring site does, as evidence says it: `configures Sequelize with dialect 'mysql'`. */
export function describeConfiguration(loader: ConfigLoader, option: string, value: string, viaUrl = false): string {
  if (loader.isSetting) {
    return `sets the ${loader.subject} ${option} to '${value}'`;
  }
  return viaUrl ? `connects ${loader.subject} to a '${value}:' URL` : `configures ${loader.subject} with ${option} '${value}'`;
}

/** The packages an option value makes a loader load (none for a value the loader does not know). */
export function packagesLoadedBy(loader: ConfigLoader, value: string): readonly string[] {
  if (loader.loads === 'value') {
    return /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(value) ? [value] : [];
  }
  return Object.hasOwn(loader.loads, value) ? loader.loads[value]! : [];
}

/** How a file binds a name it calls: the package and what of it (`default`, `*` or an export). */
export interface BoundName {
  from: string;
  imported: string;
}

/**
 * Whether a call's callee reaches a loader call: `Name(…)` / `new Name(…)` of a binding of the export (or of the
 * module, where the module is the export), or `object.name(…)` of a namespace binding or of the export's member.
 */
export function isLoaderCall(call: LoaderCall, callee: { object?: string; name: string }, bindingOf: (local: string) => BoundName | undefined): boolean {
  const isWhole = (imported: string): boolean => imported === 'default' || imported === '*';
  if (callee.object === undefined) {
    const bound = bindingOf(callee.name);
    return call.member === undefined && bound?.from === call.from && (bound.imported === call.export || (call.isModule === true && isWhole(bound.imported)));
  }
  const bound = bindingOf(callee.object);
  if (bound?.from !== call.from) {
    return false;
  }
  return call.member === undefined ? isWhole(bound.imported) && callee.name === call.export : bound.imported === call.export && callee.name === call.member;
}
