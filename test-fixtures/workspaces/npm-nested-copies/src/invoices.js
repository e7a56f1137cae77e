'use strict';

const express = require('express');
const _ = require('underscore');
const { omit, sumBy } = require('lodash');
const groupBy = require('lodash/groupBy');

const router = express.Router();
const renderLine = _.template('<tr><td><%- sku %></td><td><%- qty %></td><td><%- total %></td></tr>');

router.get('/:id', async (req, res) => {
  const invoice = await req.app.locals.invoices.find(req.params.id);
  if (req.accepts('html')) {
    return res.send(`<table>${invoice.lines.map(renderLine).join('')}</table>`);
  }
  const byTaxRate = groupBy(invoice.lines, 'taxRate');
  res.json({ ...omit(invoice, ['internalNotes']), total: sumBy(invoice.lines, 'total'), byTaxRate });
});

module.exports = router;
