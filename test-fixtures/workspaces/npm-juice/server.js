const http = require('http');
const routes = require('./routes/login');

http.createServer((req, res) => (req.url === '/rest/user/login' ? routes.login(req, res) : routes.feedback(req, res))).listen(3000);
