'use strict';

require('dotenv').config();
const path = require('path');
const express = require('express');
const session = require('express-session');
const orders = require('./routes/orders');
const reports = require('./routes/reports');

const app = express();
app.set('views', path.join(__dirname, '..', 'views'));
app.set('view engine', 'ejs');
app.use(express.urlencoded({ extended: false }));
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.use('/orders', orders);
app.use('/reports', reports);

app.listen(process.env.PORT || 3000);
