import express from 'express';
import { parseArgs } from '@acme/shared';

const { port } = parseArgs(process.argv.slice(2));
express().get('/', (_req, res) => res.send('ok')).listen(Number(port ?? 3000));
