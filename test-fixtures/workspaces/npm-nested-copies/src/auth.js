'use strict';

const jwt = require('jsonwebtoken');

const secret = process.env.JWT_SECRET;

/** A token for a customer of the billing portal. */
exports.issueToken = (customerId) => jwt.sign({ sub: customerId }, secret, { expiresInMinutes: 60 });

/** The payment provider's webhook calls carry a token signed with the same secret. */
exports.verifyWebhook = (token) => jwt.verify(token, secret);
