'use strict';

const request = require('supertest');
const app = require('../src/server');

describe('GET /pages/:slug', () => {
  it('answers 404 for a missing page', () => request(app).get('/pages/missing').expect(404));
});
