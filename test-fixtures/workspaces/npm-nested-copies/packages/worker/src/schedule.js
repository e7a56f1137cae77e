'use strict';

const keyBy = require('#utils/keyBy');
const { formatAmount } = require('#format');

/** The day's retry schedule: failed payments by reference, with the amount to retry. */
exports.retrySchedule = (failed) => keyBy(failed.map((payment) => ({ ...payment, display: formatAmount(payment.cents) })), 'reference');
