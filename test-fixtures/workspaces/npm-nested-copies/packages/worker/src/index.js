'use strict';

const _ = require('lodash');
const { formatAmount } = require('@acme/shared');

const defaults = { currency: 'EUR', retries: 3, dryRun: false };

/** Nightly reconciliation: matches settled payments against open invoices. */
function reconcile(job, payments, invoices) {
  const options = _.merge({}, defaults, job.options);
  const open = _.keyBy(invoices.filter((invoice) => invoice.status === 'open'), 'reference');
  return payments
    .filter((payment) => open[payment.reference])
    .map((payment) => ({ invoice: open[payment.reference].id, amount: formatAmount(payment.cents), currency: options.currency }));
}

module.exports = { reconcile };
