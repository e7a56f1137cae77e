'use strict';

const express = require('express');
const bodyParser = require('body-parser');
const { MongoClient } = require('mongodb');
const pages = require('./routes/pages');

const app = express();
app.use(bodyParser.json());
app.use(bodyParser.urlencoded({ extended: false }));

MongoClient.connect(process.env.MONGO_URL || 'mongodb://localhost:27017', (err, client) => {
  if (err) {
    throw err;
  }
  app.locals.db = client.db('wiki');
  app.use('/pages', pages);
  app.listen(process.env.PORT || 3000);
});

module.exports = app;
