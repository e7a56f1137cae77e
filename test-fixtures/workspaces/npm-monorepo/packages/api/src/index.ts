import express from 'express';
import { greet } from '@acme/shared';

express().get('/', (_req, res) => res.send(greet('world')));
