const minimist = require('minimist');

exports.parseArgs = (argv) => minimist(argv);
