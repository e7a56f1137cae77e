'use strict';

const express = require('express');
const marked = require('marked');
const moment = require('moment');
const jwt = require('jsonwebtoken');

const router = express.Router();

function requireEditor(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET);
    next();
  } catch (e) {
    res.status(401).end();
  }
}

router.get('/:slug', async (req, res) => {
  const page = await req.app.locals.db.collection('pages').findOne({ slug: req.params.slug });
  if (!page) {
    return res.status(404).end();
  }
  res.send(`<article>${marked(page.body)}</article><footer>edited ${moment(page.updatedAt).fromNow()}</footer>`);
});

router.put('/:slug', requireEditor, async (req, res) => {
  await req.app.locals.db.collection('pages').updateOne(
    { slug: req.params.slug },
    { $set: { body: req.body.body, updatedAt: new Date(), editor: req.user.sub } },
    { upsert: true },
  );
  res.status(204).end();
});

module.exports = router;
