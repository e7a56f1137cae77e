const _ = require('lodash');
const qs = require('qs');
const { set } = require('lodash-es');

module.exports = function parse(query) {
  const parsed = qs.parse(query);
  set(parsed, 'seen', true);
  return _.pick(parsed, ['a', 'b', 'seen']);
};
