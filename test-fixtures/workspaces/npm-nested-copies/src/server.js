'use strict';

const express = require('express');
const bodyParser = require('body-parser');
const expressJwt = require('express-jwt');
const { issueToken } = require('./auth');
const invoices = require('./invoices');

const app = express();
app.use(bodyParser.json());

app.post('/token', (req, res) => {
  res.json({ token: issueToken(req.body.customerId) });
});

// Invoices need a bearer token; express-jwt verifies it with its own jsonwebtoken.
app.use('/invoices', expressJwt({ secret: process.env.JWT_SECRET }), invoices);

app.listen(process.env.PORT || 8080);
