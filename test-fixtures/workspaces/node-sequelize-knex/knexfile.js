'use strict';

require('dotenv').config();

module.exports = {
  development: {
    client: 'sqlite3',
    connection: { filename: './reporting.sqlite3' },
    useNullAsDefault: true,
  },
  production: {
    client: 'pg',
    connection: process.env.REPORTING_DATABASE_URL,
    pool: { min: 2, max: 10 },
  },
};
