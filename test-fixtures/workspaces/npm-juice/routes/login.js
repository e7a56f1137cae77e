const jwt = require('jsonwebtoken');
const sanitizeHtml = require('sanitize-html');

const privateKey = process.env.JWT_KEY;

exports.login = (req, res) => {
  const token = jwt.sign({ email: req.body.email }, privateKey, { algorithm: 'RS256' });
  res.json({ token });
};

exports.feedback = (req, res) => {
  const user = jwt.verify(req.headers.authorization, privateKey);
  res.json({ user, comment: sanitizeHtml(req.body.comment) });
};
