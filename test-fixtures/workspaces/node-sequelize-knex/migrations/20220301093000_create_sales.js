'use strict';

exports.up = (knex) =>
  knex.schema.createTable('sales', (table) => {
    table.date('day').notNullable();
    table.integer('total_cents').notNullable();
  });

exports.down = (knex) => knex.schema.dropTable('sales');
