// Preloaded (`node --require`) by a test: writes every module the run requires to stderr, one a line.
const Module = require('node:module');
const load = Module._load;
Module._load = function traced(request, ...rest) {
  process.stderr.write(`require ${request}\n`);
  return load.call(this, request, ...rest);
};
