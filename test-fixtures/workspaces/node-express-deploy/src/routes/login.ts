import { Router } from 'express';
const jwt = require('jsonwebtoken');

export const loginRouter = Router();

loginRouter.post('/login', async (req, res) => {
  const { email, password } = req.body;
  const db = await import('../db');
  const user = await db.query(`SELECT * FROM Users WHERE email = '${email}' AND password = '${password}'`);
  res.json({ token: jwt.sign({ id: user.id }, 'secret') });
});
