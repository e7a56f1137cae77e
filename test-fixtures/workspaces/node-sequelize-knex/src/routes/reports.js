'use strict';

const express = require('express');
const { dailySales } = require('../reporting');

const router = express.Router();

router.get('/sales', async (req, res) => {
  res.render('sales', { rows: await dailySales(req.query.from, req.query.to) });
});

module.exports = router;
