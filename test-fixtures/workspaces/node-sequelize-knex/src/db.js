'use strict';

const { Sequelize } = require('sequelize');

// One pool for the web process; the nightly jobs open their own.
const sequelize = new Sequelize(
  process.env.DB_NAME,
  process.env.DB_USER,
  process.env.DB_PASSWORD,
  {
    host: process.env.DB_HOST || 'localhost',
    dialect: 'mysql',
    pool: { max: 10, idle: 10000 },
    logging: false,
  },
);

module.exports = sequelize;
