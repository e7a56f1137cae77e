const express = require('express');
const { exportOrders } = require('../services/orders');

const router = express.Router();

// expect-route: DELETE /api/orders/:orderId
// expect-local: DELETE /:orderId
router.delete('/:orderId', function deleteOrder(req, res) {
  res.sendStatus(204);
});

// expect-route: GET /api/orders/export/*format (no handler)
// expect-local: GET /export/*format (no handler)
router.get(['/export/*format'], exportOrders());

module.exports = { router };
