'use strict';
const yaml = require('js-yaml');

// The loader is picked once; every settings file goes through it.
const parse = yaml.load;

/** Reads the service settings from a YAML text. */
function readSettings(text) {
  const settings = parse(text) || {};
  return { port: settings.port || 8080, origins: settings.origins || [] };
}

module.exports = { readSettings };
