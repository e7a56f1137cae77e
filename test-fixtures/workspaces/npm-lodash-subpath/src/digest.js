'use strict';
const template = require('lodash/template');
const { readFileSync } = require('fs');

// Compiled once at start-up from the digest layout on disk.
const layout = template(readFileSync(`${__dirname}/digest.html`, 'utf8'), { variable: 'digest' });

function renderDigest(digest) {
  return layout(digest);
}

module.exports = { renderDigest };
