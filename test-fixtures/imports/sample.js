// Each `expect:` comment states the third-party import found on the next line (or `none`).
// expect: express require
const express = require('express');
// expect: pg require
const { Pool } = require('pg');
// expect: @aws-sdk/client-s3 dynamic
import('@aws-sdk/client-s3').then(() => undefined);
// expect: none
const helper = require('./helper');
// expect: none
const template = `require('in-a-template')`;
// expect: moment import
import moment from 'moment';

module.exports = { express, Pool, helper, template, moment };
