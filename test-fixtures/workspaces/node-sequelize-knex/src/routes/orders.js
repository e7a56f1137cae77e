'use strict';

const express = require('express');
const Order = require('../models/order');

const router = express.Router();

router.get('/', async (req, res) => {
  const orders = await Order.findAll({ where: { status: req.query.status || 'open' }, order: [['createdAt', 'DESC']] });
  res.render('orders', { orders });
});

module.exports = router;
