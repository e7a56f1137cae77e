'use strict';

const assert = require('assert');
const jwt = require('jsonwebtoken');
const { issueToken } = require('../src/auth');

describe('issueToken', () => {
  it('names the customer', () => {
    process.env.JWT_SECRET = 'test';
    assert.equal(jwt.decode(issueToken('c-1')).sub, 'c-1');
  });
});
