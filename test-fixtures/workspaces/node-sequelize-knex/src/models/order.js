'use strict';

const { DataTypes } = require('sequelize');
const sequelize = require('../db');

const Order = sequelize.define('Order', {
  reference: { type: DataTypes.STRING, allowNull: false, unique: true },
  status: { type: DataTypes.ENUM('open', 'paid', 'shipped', 'cancelled'), defaultValue: 'open' },
  totalCents: { type: DataTypes.INTEGER, allowNull: false },
});

module.exports = Order;
