'use strict';

const config = require('../knexfile');
const knex = require('knex')(config[process.env.NODE_ENV || 'development']);

/** Daily sales totals, from the reporting database the ETL fills. */
exports.dailySales = (from, to) =>
  knex('sales').select('day').sum({ total: 'total_cents' }).whereBetween('day', [from, to]).groupBy('day').orderBy('day');
