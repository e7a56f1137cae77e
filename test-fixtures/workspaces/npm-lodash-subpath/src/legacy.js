'use strict';
// The old mailer still uses the standalone per-method package.
const compileTemplate = require('lodash.template');

function renderReminder(source, values) {
  return compileTemplate(source)(values);
}

module.exports = { renderReminder };
