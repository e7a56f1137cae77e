'use strict';

const _ = require('underscore');

const receipt = _.template('Paid <%- amount %> <%- currency %> on <%- date %>');

exports.formatAmount = (cents) => (cents / 100).toFixed(2);

exports.renderReceipt = (payment) => receipt(payment);
