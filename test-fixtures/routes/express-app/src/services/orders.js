exports.exportOrders = () => (req, res) => res.json([]);
