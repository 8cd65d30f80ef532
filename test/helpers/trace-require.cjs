// Preloaded (`node --require`) by a test: writes every module the run requires to stderr, one a
// line, as `require NAME` on the main thread and `worker-require NAME` on worker threads. Written
// straight to the descriptor: a worker's `process.stderr` reaches the parent through messages, and
// lines still on their way when the worker is stopped are lost.
const { writeSync } = require('node:fs');
const Module = require('node:module');
const { isMainThread } = require('node:worker_threads');
const load = Module._load;
const prefix = isMainThread ? 'require' : 'worker-require';
Module._load = function traced(request, ...rest) {
  writeSync(2, `${prefix} ${request}\n`);
  return load.call(this, request, ...rest);
};
